import { Notification } from './notification';

export { Notification };

/** The notifications schema's own tables (the runtime adds its messaging tables). */
export const notificationsEntities = [Notification];
