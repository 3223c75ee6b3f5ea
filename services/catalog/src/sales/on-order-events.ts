// The catalog's view of order-events. OrderExpired and OrderCancelled give a still-held stock back;
// OrderPlaced makes sure the sale is committed (the order commits it before placing; this is the
// idempotent backstop). Each once per event id (inbox).
import { OrderCancelledPayload, OrderExpiredPayload, OrderPlacedPayload, TOPICS } from '@saga/contracts';
import type { HandlerResult, Logger, Outbox, RuntimePort } from '@saga/runtime';
import type { Counter } from 'prom-client';
import { closeHold } from '../holds/release-hold';
import { commitSale } from '../holds/commit-sale';

export function subscribeOrderEvents(runtime: RuntimePort, outbox: Outbox, logger: Logger, sales: Counter<'outcome'>): void {
  runtime.subscribe({
    topic: TOPICS.orderEvents,
    handler: async (event): Promise<HandlerResult> => {
      const { eventId, eventType, payload } = event.data;
      const consumer = `catalog.${eventType}`;
      if (eventType === 'OrderPlaced') {
        const { orderId } = OrderPlacedPayload.parse(payload);
        await outbox.consumeOnce(consumer, eventId, async (tx) => {
          const outcome = await commitSale(tx, orderId);
          if (outcome.status !== 'SOLD') logger.error({ orderId, outcome: outcome.status }, 'order placed without stock committed');
          else if (outcome.fromFreeStock) sales.inc({ outcome: 'sold_after_expiry' });
        });
      } else if (eventType === 'OrderExpired') {
        const { orderId, reason } = OrderExpiredPayload.parse(payload);
        await outbox.consumeOnce(consumer, eventId, async (tx) => void (await closeHold(tx, orderId, 'EXPIRED', reason)));
      } else if (eventType === 'OrderCancelled') {
        const { orderId, reason } = OrderCancelledPayload.parse(payload);
        await outbox.consumeOnce(consumer, eventId, async (tx) => void (await closeHold(tx, orderId, 'RELEASED', reason)));
      }
      return 'SUCCESS';
    },
  });
}
