// The end of a compensation: the refund is on its way back to the customer.
import { type Outbox, type TypedEvent, oncePerEvent } from '@saga/runtime';
import { recordStep } from '../../orders/timeline';
import { decide } from '../../order-state/decide';
import { findOrder } from '../../orders/order-reference';
import { announceRefund } from './announce-refund';

export function onPaymentRefunded(outbox: Outbox) {
  return oncePerEvent(outbox, 'order.payment-refunded', async (event: TypedEvent<'payment-events', 'PaymentRefunded'>, tx, out) => {
    const refund = event.data.payload;
    const order = await findOrder(tx, refund.orderReference);
    if (!order) return;
    const decision = decide(order, { type: 'PaymentRefunded', paymentId: refund.paymentId, refundId: refund.refundId, amount: refund.amount });
    if (decision.kind === 'refusal') return;
    for (const [step, detail] of decision.steps) await recordStep(tx, order.order_id, step, detail);
    if (decision.publish.includes('OrderRefunded')) await announceRefund(tx, out, order.order_id, refund);
  });
}
