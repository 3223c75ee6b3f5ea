// What operators watch on /metrics: sockets, frames, acknowledgements, replays, and how long an
// order takes from being placed to reaching a vendor's screen.
import { LATENCY_BUCKETS } from '@saga/runtime';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type NotificationsMetrics = ReturnType<typeof createNotificationsMetrics>;

export function createNotificationsMetrics(registry: Registry) {
  const registers = [registry];
  return {
    openSockets: new Gauge({
      name: 'notifications_open_sockets',
      help: 'Sockets open on this replica (vendors and customers)',
      registers,
    }),
    framesSent: new Counter({
      name: 'notifications_frames_sent_total',
      help: 'Frames sent to sockets, by event',
      labelNames: ['event'],
      registers,
    }),
    acks: new Counter({
      name: 'notifications_acks_total',
      help: 'Notifications acknowledged by their vendor (first acknowledgement only)',
      registers,
    }),
    redelivered: new Counter({
      name: 'notifications_redelivered_total',
      help: 'Unacknowledged notifications sent again when a vendor connected',
      registers,
    }),
    placedToFrame: new Histogram({
      name: 'notifications_order_placed_to_frame_seconds',
      help: "From the order's placedAt to its new_order frame being sent live (replays are not observed)",
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    socketsDropped: new Counter({
      name: 'notifications_sockets_dropped_total',
      help: 'Sockets cut by the server: slow (buffer over the limit) or dead (missed a heartbeat)',
      labelNames: ['reason'],
      registers,
    }),
    orderStatus: new Counter({
      name: 'notifications_order_status_total',
      help: 'Customer order_status notifications from order events, by change (placed, accepted, rejected, refunded) and outcome (processed or duplicate)',
      labelNames: ['change', 'outcome'],
      registers,
    }),
    socketsRefused: new Counter({
      name: 'notifications_sockets_refused_total',
      help: 'Authenticated upgrades refused: vendor_cap or customer_cap (the vendor, or the customer, has NOTIFICATIONS_WS_MAX_SOCKETS_PER_VENDOR open here)',
      labelNames: ['reason'],
      registers,
    }),
    orderPlaced: new Counter({
      name: 'notifications_order_placed_total',
      help: 'OrderPlaced deliveries: processed (recorded here) or duplicate (already recorded)',
      labelNames: ['outcome'],
      registers,
    }),
  };
}
