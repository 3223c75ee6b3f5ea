// OrderCancelled: an order that will never be placed releases its still-held stock, once per event
// (inbox) and once per order (the hold's state).
import { type Outbox, oncePerEvent, type TypedEvent } from '@saga/runtime';
import { closeHold } from '../../holds/release-hold';

export const onOrderCancelled = (outbox: Outbox) =>
  oncePerEvent(outbox, 'catalog.OrderCancelled', async (event: TypedEvent<'order-events', 'OrderCancelled'>, tx) => {
    const { orderId, reason } = event.data.payload;
    await closeHold(tx, orderId, 'RELEASED', reason);
  });
