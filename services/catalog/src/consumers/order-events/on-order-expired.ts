// OrderExpired: an unpaid checkout's still-held stock goes back on sale, once per event (inbox) and
// once per order (the hold's state).
import { type Outbox, oncePerEvent, type TypedEvent } from '@saga/runtime';
import { closeHold } from '../../holds/release-hold';

export const onOrderExpired = (outbox: Outbox) =>
  oncePerEvent(outbox, 'catalog.OrderExpired', async (event: TypedEvent<'order-events', 'OrderExpired'>, tx) => {
    const { orderId, reason } = event.data.payload;
    await closeHold(tx, orderId, 'EXPIRED', reason);
  });
