// The catalog's view of order-events: OrderExpired and OrderCancelled give a still-held stock back,
// OrderRejected gives a sold order's stock back to `stock`, each once per event id (inbox) and once
// per order (state). OrderPlaced needs nothing here: the order service commits the sale
// (POST /internal/holds/commit, answered SOLD) before it places the order, so a placed order's stock
// is always committed already (a second, "backstop" commit cost one transaction per saga for nothing).
import { TOPICS } from '@saga/contracts';
import type { Outbox, RuntimePort } from '@saga/runtime';
import { onOrderCancelled } from './on-order-cancelled';
import { onOrderExpired } from './on-order-expired';
import { onOrderRejected } from './on-order-rejected';

export function subscribeOrderEvents(runtime: RuntimePort, outbox: Outbox): void {
  runtime.on(TOPICS.orderEvents, {
    OrderExpired: onOrderExpired(outbox),
    OrderCancelled: onOrderCancelled(outbox),
    OrderRejected: onOrderRejected(outbox),
  });
}
