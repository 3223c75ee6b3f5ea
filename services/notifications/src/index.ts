// Notifications service (steps 15-16): turns OrderPlaced into a `new_order` notification kept until
// the vendor acknowledges it, and pushes it over the vendor WebSocket (/ws). Its public face.
import { type ServiceDefinition } from '@saga/runtime';
import { loadNotificationsConfig } from './config';
import { notificationsMigrations } from './db/migrations';
import { createNotificationsMetrics } from './metrics/notifications-metrics';
import { subscribeOrderPlaced } from './order-placed/on-order-placed';
import { ackedNotificationsRetention } from './retention/acked-notifications-retention';
import { createVendorSockets } from './ws/vendor-sockets';

export { WS_PATH } from './ws/vendor-sockets';

export const notificationsService: ServiceDefinition = {
  name: 'notifications',
  schema: 'notifications',
  migrations: notificationsMigrations,
  build({ env, db, runtime, verifyToken, logger, metrics, lifecycle }) {
    const config = loadNotificationsConfig(env);
    const retention = [ackedNotificationsRetention(env)];
    const notificationsMetrics = createNotificationsMetrics(metrics.registry);
    const sockets = createVendorSockets({ ...config, db, verifyToken, logger, metrics: notificationsMetrics });
    lifecycle.onClose('vendor sockets', () => sockets.close());
    subscribeOrderPlaced({ runtime, db, logger, metrics: notificationsMetrics, push: sockets.push });
    return { onListening: (server) => sockets.attach(server), retention };
  },
};
