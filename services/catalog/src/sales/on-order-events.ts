// The catalog's view of order-events: OrderExpired and OrderCancelled give a still-held stock back,
// OrderRejected gives a sold order's stock back to `stock`, each once per event id (inbox) and once
// per order (state). OrderPlaced needs nothing here: the order service commits the sale
// (POST /internal/holds/commit, answered SOLD) before it places the order, so a placed order's stock
// is always committed already (a second, "backstop" commit cost one transaction per saga for nothing).
import { OrderCancelledPayload, OrderExpiredPayload, OrderRejectedPayload, TOPICS } from '@saga/contracts';
import type { HandlerResult, Outbox, RuntimePort } from '@saga/runtime';
import { closeHold } from '../holds/release-hold';
import { restockRejectedSale } from './restock-rejected-sale';

export function subscribeOrderEvents(runtime: RuntimePort, outbox: Outbox): void {
  runtime.subscribe({
    topic: TOPICS.orderEvents,
    handler: async (event): Promise<HandlerResult> => {
      const { eventId, eventType, payload } = event.data;
      const consumer = `catalog.${eventType}`;
      if (eventType === 'OrderExpired') {
        const { orderId, reason } = OrderExpiredPayload.parse(payload);
        await outbox.consumeOnce(consumer, eventId, async (tx) => void (await closeHold(tx, orderId, 'EXPIRED', reason)));
      } else if (eventType === 'OrderCancelled') {
        const { orderId, reason } = OrderCancelledPayload.parse(payload);
        await outbox.consumeOnce(consumer, eventId, async (tx) => void (await closeHold(tx, orderId, 'RELEASED', reason)));
      } else if (eventType === 'OrderRejected') {
        const { orderId } = OrderRejectedPayload.parse(payload);
        await outbox.consumeOnce(consumer, eventId, async (tx) => void (await restockRejectedSale(tx, orderId)));
      }
      return 'SUCCESS';
    },
  });
}
