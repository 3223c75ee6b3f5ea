// A failed attempt does not end the order: Razorpay lets the customer retry on the same Razorpay
// order while the checkout is alive. It is recorded for support and for the timeline.
import { PaymentFailedPayload } from '@saga/contracts';
import type { DeliveredEvent, Outbox } from '@saga/runtime';
import { findOrderId } from '../orders/order-reference';
import { recordStep } from '../orders/timeline';

export function onPaymentFailed(outbox: Outbox) {
  return async (event: DeliveredEvent) => {
    const failure = PaymentFailedPayload.parse(event.data.payload);
    await outbox.consumeOnce('order.payment-failed', event.data.eventId, async (tx) => {
      const orderId = await findOrderId(tx, failure.orderReference);
      if (orderId) await recordStep(tx, orderId, 'PAYMENT_ATTEMPT_FAILED', { paymentId: failure.paymentId, reason: failure.reason, errorCode: failure.errorCode });
    });
  };
}
