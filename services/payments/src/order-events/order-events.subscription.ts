// Payments' one subscription to order-events (topic scopes: payments <- order-events), dispatched
// by event type: RefundRequested starts a refund; OrderPlaced, OrderCancelled and RefundRequested
// tell that the order settled a confirmed payment (what reconciliation watches for).
import { OrderCancelledPayload, OrderPlacedPayload, TOPICS } from '@saga/contracts';
import type { DeliveredEvent, HandlerResult, Logger, Outbox, Queryable, RuntimePort } from '@saga/runtime';
import { markSettled } from '../payments/payment-record';
import { onRefundRequested } from './on-refund-requested';

export interface OrderEventsDeps {
  db: Queryable;
  outbox: Outbox;
  logger: Logger;
  refunds: { processSoon(paymentId: string): void };
}

export function subscribeOrderEvents(runtime: RuntimePort, deps: OrderEventsDeps): void {
  // A plain conditional update is idempotent by itself: one statement, no transaction, no inbox row.
  const settle = (orderReference: string, paymentId: string | null, as: 'ORDER_PLACED' | 'ORDER_CANCELLED') =>
    markSettled(deps.db, { orderReference, paymentId, as });
  const handlers: Record<string, (event: DeliveredEvent) => Promise<unknown>> = {
    RefundRequested: onRefundRequested(deps),
    OrderPlaced: (e) => {
      const placed = OrderPlacedPayload.parse(e.data.payload);
      return settle(placed.orderId, placed.paymentId, 'ORDER_PLACED');
    },
    OrderCancelled: (e) => settle(OrderCancelledPayload.parse(e.data.payload).orderId, null, 'ORDER_CANCELLED'),
  };
  runtime.subscribe({
    topic: TOPICS.orderEvents,
    handler: async (event): Promise<HandlerResult> => {
      const handle = handlers[event.data.eventType];
      if (handle) await handle(event);
      return 'SUCCESS'; // other order events (OrderExpired, newer types) are not ours to handle
    },
  });
}
