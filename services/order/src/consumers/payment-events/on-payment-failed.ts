// A failed attempt does not end the order: Razorpay lets the customer retry on the same Razorpay
// order while the checkout is alive. It is recorded for support and for the timeline.
import { type Outbox, type TypedEvent, oncePerEvent } from '@saga/runtime';
import { recordStep } from '../../orders/timeline';
import { decide } from '../../order-state/decide';
import { findOrder } from '../../orders/order-reference';

export function onPaymentFailed(outbox: Outbox) {
  return oncePerEvent(outbox, 'order.payment-failed', async (event: TypedEvent<'payment-events', 'PaymentFailed'>, tx) => {
    const failure = event.data.payload;
    const order = await findOrder(tx, failure.orderReference);
    if (!order) return;
    const decision = decide(order, { type: 'PaymentFailed', paymentId: failure.paymentId, reason: failure.reason, errorCode: failure.errorCode });
    if (decision.kind === 'transition') for (const [step, detail] of decision.steps) await recordStep(tx, order.order_id, step, detail);
  });
}
