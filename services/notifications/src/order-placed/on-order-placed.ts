// Steps 15-16: an OrderPlaced becomes the vendor's `new_order` notification, recorded once (one
// INSERT: the notification's source event id is unique, so a redelivery inserts nothing and needs
// no inbox row), then pushed AFTER commit to the vendor's sockets on this replica.
//
// Fan-out: under Dapr every replica has its own queue (consumerID = pod name, see README), so every
// replica receives every OrderPlaced and must push to the sockets it holds. Only the first delivery
// anywhere records the notification; any other (a redelivery, or another replica: the insert finds
// the source event taken) reads it back and pushes it too. Pushing is safe to repeat: a socket sends a
// notification at most once per connection, and an acknowledged one is never pushed. So each
// replica's sockets get it exactly once, and a duplicate delivery sends nothing new.
import { OrderPlacedPayload, TOPICS } from '@saga/contracts';
import type { HandlerResult, Logger, Queryable, RuntimePort } from '@saga/runtime';
import type { NotificationsMetrics } from '../metrics/notifications-metrics';
import { type Notification, newOrderData } from '../notifications/notification';
import { findBySourceEvent, insertNotification } from '../notifications/notification-store';

export interface OrderPlacedDeps {
  runtime: RuntimePort;
  db: Queryable;
  logger: Logger;
  metrics: NotificationsMetrics;
  push(notification: Notification): void;
}

export function subscribeOrderPlaced({ runtime, db, logger, metrics, push }: OrderPlacedDeps): void {
  runtime.subscribe({
    topic: TOPICS.orderEvents,
    handler: async (event): Promise<HandlerResult> => {
      if (event.data.eventType !== 'OrderPlaced') return 'SUCCESS';
      // A payload that does not parse throws: retried, then dead-lettered, never silently lost.
      const order = OrderPlacedPayload.parse(event.data.payload);
      const { eventId } = event.data;
      const recorded = await insertNotification(db, eventId, newOrderData(order));
      metrics.orderPlaced.inc({ outcome: recorded ? 'processed' : 'duplicate' });
      const notification = recorded ?? (await findBySourceEvent(db, eventId));
      if (!notification) logger.warn({ eventId, orderId: order.orderId }, 'OrderPlaced seen before but its notification is gone');
      else if (!notification.acked) push(notification);
      return 'SUCCESS';
    },
  });
}
