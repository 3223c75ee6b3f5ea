// The end of a compensation: the refund is on its way back to the customer.
import { type Outbox, type TypedEvent, oncePerEvent } from '@saga/runtime';
import { decide } from '../../order-state/decide';
import { findByReference } from '../../repositories/order-repository';
import { recordSteps } from '../../repositories/order-timeline';
import { announceRefund } from './announce-refund';

export function onPaymentRefunded(outbox: Outbox) {
  return oncePerEvent(
    outbox,
    'order.payment-refunded',
    async (event: TypedEvent<'payment-events', 'PaymentRefunded'>, tx, out) => {
      const refund = event.data.payload;
      const order = await findByReference(tx, refund.orderReference);
      if (!order) return;
      const decision = decide(order, {
        type: 'PaymentRefunded',
        paymentId: refund.paymentId,
        refundId: refund.refundId,
        amount: refund.amount,
      });
      if (decision.kind === 'refusal') return;
      await recordSteps(tx, order.order_id, decision.steps);
      if (decision.publish.includes('OrderRefunded')) await announceRefund(tx, out, order.order_id, refund);
    },
  );
}
