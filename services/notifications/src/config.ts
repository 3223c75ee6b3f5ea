// The notifications service's own settings, parsed once at boot (fail fast, naming the variable).
import { z } from 'zod';
import { type ServiceAddress, parseEnv, port } from '@saga/runtime';

const NotificationsEnv = z.object({
  NOTIFICATIONS_PORT: port(3004),
  APP_ID_NOTIFICATIONS: z.string().default('notifications'),
  /** How often each vendor socket is pinged; a socket that has not answered the previous ping is cut. Fractions allowed (tests). */
  NOTIFICATIONS_WS_HEARTBEAT_SECONDS: z.coerce.number().positive().max(3600).default(30),
  /** Bytes queued for one socket beyond which it is dropped as too slow (it reconnects and gets its backlog). */
  NOTIFICATIONS_WS_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(16 * 1024)
    .default(1024 * 1024),
  /** Unacknowledged notifications read per query when a vendor connects. */
  NOTIFICATIONS_WS_REPLAY_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  /** Open sockets one vendor may have on one replica (a dashboard needs one per tab or device); past it the upgrade gets 429. */
  NOTIFICATIONS_WS_MAX_SOCKETS_PER_VENDOR: z.coerce.number().int().min(1).max(10_000).default(10),
});

export type NotificationsConfig = ReturnType<typeof loadNotificationsConfig>;

export function loadNotificationsConfig(env: NodeJS.ProcessEnv) {
  const c = parseEnv(NotificationsEnv, env);
  return {
    address: {
      port: c.NOTIFICATIONS_PORT,
      portVariable: 'NOTIFICATIONS_PORT',
      appId: c.APP_ID_NOTIFICATIONS,
    } satisfies ServiceAddress,
    heartbeatMs: Math.round(c.NOTIFICATIONS_WS_HEARTBEAT_SECONDS * 1000),
    maxBufferedBytes: c.NOTIFICATIONS_WS_MAX_BUFFERED_BYTES,
    replayPageSize: c.NOTIFICATIONS_WS_REPLAY_PAGE_SIZE,
    maxSocketsPerVendor: c.NOTIFICATIONS_WS_MAX_SOCKETS_PER_VENDOR,
  };
}
