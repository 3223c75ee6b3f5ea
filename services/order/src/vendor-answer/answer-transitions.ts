// The two ways out of PENDING_VENDOR_ACCEPTANCE, applied as decide() answered them for an order
// row the caller has locked and seen waiting. Each is one statement (the change and its timeline
// rows) plus its events, in the caller's transaction (outbox). A rejection starts the refund
// compensation in the same transaction: RefundRequested, which payments turns into one Razorpay
// refund (one per payment id) and PaymentRefunded, which the timeline records as REFUNDED.
import { OrderAccepted, OrderRejected, RefundRequested, TOPICS } from '@saga/contracts';
import { type Emitter, type Queryable, newEvent } from '@saga/runtime';
import type { Transition } from '../order-state/decide';
import { acceptWaitingOrder, rejectWaitingOrder } from '../repositories/order-repository';
import type { OrderRow } from '../repositories/order-rows';

export type RejectedBy = 'vendor' | 'timeout';

export async function acceptWaiting(
  tx: Queryable,
  out: Emitter,
  order: OrderRow,
  decision: Transition,
): Promise<boolean> {
  const changed = await acceptWaitingOrder(tx, order.order_id, decision.steps);
  if (!changed) return false;
  const event = newEvent('OrderAccepted', {
    orderId: order.order_id,
    customerId: order.customer_id,
    vendorId: order.vendor_id,
    acceptedAt: new Date().toISOString(),
  });
  await out.emit(TOPICS.orderEvents, OrderAccepted.parse(event));
  return true;
}

export async function rejectWaiting(
  tx: Queryable,
  out: Emitter,
  order: OrderRow,
  decision: Transition,
  rejectedBy: RejectedBy,
): Promise<boolean> {
  const reason = decision.reason!;
  const paymentId = order.payment_id;
  // A placed order always has its payment (on-payment-confirmed sets it before placing).
  if (!paymentId) throw new Error(`order ${order.order_id} is waiting for its vendor without a payment`);
  const changed = await rejectWaitingOrder(tx, order.order_id, reason, decision.steps);
  if (!changed) return false;
  const amount = Number(order.amount_paise);
  const common = { orderId: order.order_id, paymentId, amount, currency: order.currency };
  const rejected = newEvent('OrderRejected', {
    ...common,
    customerId: order.customer_id,
    vendorId: order.vendor_id,
    reason,
    rejectedBy,
    rejectedAt: new Date().toISOString(),
  });
  await out.emit(TOPICS.orderEvents, OrderRejected.parse(rejected));
  await out.emit(
    TOPICS.orderEvents,
    RefundRequested.parse(newEvent('RefundRequested', { ...common, reason: `rejected: ${reason}` })),
  );
  return true;
}
