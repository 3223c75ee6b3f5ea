// A failed attempt does not end the order: Razorpay lets the customer retry on the same Razorpay
// order while the checkout is alive. It is recorded for support and for the timeline.
import { type Outbox, type TypedEvent, oncePerEvent } from '@saga/runtime';
import { decide } from '../../order-state/decide';
import { findByReference } from '../../repositories/order-repository';
import { recordSteps } from '../../repositories/order-timeline';

export function onPaymentFailed(outbox: Outbox) {
  return oncePerEvent(
    outbox,
    'order.payment-failed',
    async (event: TypedEvent<'payment-events', 'PaymentFailed'>, tx) => {
      const failure = event.data.payload;
      const order = await findByReference(tx, failure.orderReference);
      if (!order) return;
      const decision = decide(order, {
        type: 'PaymentFailed',
        paymentId: failure.paymentId,
        reason: failure.reason,
        errorCode: failure.errorCode,
      });
      if (decision.kind === 'transition') await recordSteps(tx, order.order_id, decision.steps);
    },
  );
}
