// Notifications service (steps 15-16): turns OrderPlaced into a `new_order` notification kept until
// the vendor acknowledges it, and what happens to a customer's order (placed, accepted, rejected,
// refunded) into `order_status` notifications for that customer; pushes both over the WebSocket (/ws).
// Its public face.
import { type ServiceDefinition } from '@saga/runtime';
import { loadNotificationsConfig } from './config';
import { notificationsEntities } from './db/entities';
import { notificationsMigrations } from './db/migrations';
import { createNotificationsMetrics } from './metrics/notifications-metrics';
import { subscribeOrderEvents } from './consumers/order-events';
import { ackedNotificationsRetention } from './retention/acked-notifications-retention';
import { createVendorSockets } from './ws/vendor-sockets';

export { WS_PATH } from './ws/vendor-sockets';

export const notificationsService: ServiceDefinition = {
  name: 'notifications',
  schema: 'notifications',
  migrations: notificationsMigrations,
  entities: notificationsEntities,
  address: (env) => loadNotificationsConfig(env).address,
  build({ env, db, runtime, verifyToken, logger, metrics, lifecycle }) {
    const config = loadNotificationsConfig(env);
    const retention = [ackedNotificationsRetention(env)];
    const notificationsMetrics = createNotificationsMetrics(metrics.registry);
    const sockets = createVendorSockets({ ...config, db, verifyToken, logger, metrics: notificationsMetrics });
    lifecycle.onClose('vendor sockets', () => sockets.close());
    subscribeOrderEvents(runtime, { db, logger, metrics: notificationsMetrics, push: sockets.push });
    return { onListening: (server) => sockets.attach(server), retention };
  },
};
