// Notifications service: tells vendors about their new orders over a WebSocket.
import { type ServiceDefinition } from '@saga/runtime';
import { notificationsMigrations } from './db/migrations';
import { createVendorSockets } from './ws/vendor-sockets';

export const notificationsService: ServiceDefinition = {
  name: 'notifications',
  schema: 'notifications',
  migrations: notificationsMigrations,
  build({ verifyToken, logger, lifecycle }) {
    const sockets = createVendorSockets(verifyToken, logger, () => {});
    lifecycle.onClose('vendor sockets', () => sockets.close());
    return { onListening: (server) => sockets.attach(server) };
  },
};
