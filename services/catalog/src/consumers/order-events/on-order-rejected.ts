// OrderRejected: a sold order's stock goes back to `stock`, once per event (inbox) and once per
// order (restock-rejected-sale.ts).
import { type Outbox, oncePerEvent, type TypedEvent } from '@saga/runtime';
import { restockRejectedSale } from './restock-rejected-sale';

export const onOrderRejected = (outbox: Outbox) =>
  oncePerEvent(outbox, 'catalog.OrderRejected', async (event: TypedEvent<'order-events', 'OrderRejected'>, tx) => {
    await restockRejectedSale(tx, event.data.payload.orderId);
  });
