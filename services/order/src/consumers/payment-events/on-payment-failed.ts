// A failed attempt does not end the order: Razorpay lets the customer retry on the same Razorpay
// order while the checkout is alive. It is recorded for support and for the timeline.
import { type Outbox, type TypedEvent, oncePerEvent } from '@saga/runtime';
import { findOrderId } from '../../orders/order-reference';
import { recordStep } from '../../orders/timeline';

export function onPaymentFailed(outbox: Outbox) {
  return oncePerEvent(outbox, 'order.payment-failed', async (event: TypedEvent<'payment-events', 'PaymentFailed'>, tx) => {
    const failure = event.data.payload;
    const orderId = await findOrderId(tx, failure.orderReference);
    if (orderId) await recordStep(tx, orderId, 'PAYMENT_ATTEMPT_FAILED', { paymentId: failure.paymentId, reason: failure.reason, errorCode: failure.errorCode });
  });
}
