// Payments' one subscription to order-events (topic scopes: payments <- order-events): RefundRequested
// starts a refund; OrderPlaced, OrderCancelled and RefundRequested tell that the order settled a
// confirmed payment (what reconciliation watches for). Other order events are acknowledged.
import { TOPICS } from '@saga/contracts';
import type { Logger, Outbox, Queryable, RuntimePort } from '@saga/runtime';
import { onOrderCancelled } from './on-order-cancelled';
import { onOrderPlaced } from './on-order-placed';
import { onRefundRequested } from './on-refund-requested';

export interface OrderEventsDeps {
  db: Queryable;
  outbox: Outbox;
  logger: Logger;
  refunds: { processSoon(paymentId: string): void };
}

export function subscribeOrderEvents(runtime: RuntimePort, deps: OrderEventsDeps): void {
  runtime.on(TOPICS.orderEvents, {
    RefundRequested: onRefundRequested(deps),
    OrderPlaced: onOrderPlaced(deps.db),
    OrderCancelled: onOrderCancelled(deps.db),
  });
}
