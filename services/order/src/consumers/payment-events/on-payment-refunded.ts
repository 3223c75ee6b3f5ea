// The end of a compensation: the refund is on its way back to the customer.
import { type Outbox, type TypedEvent, oncePerEvent } from '@saga/runtime';
import { findOrderId } from '../../orders/order-reference';
import { recordStep } from '../../orders/timeline';
import { announceRefund } from './announce-refund';

export function onPaymentRefunded(outbox: Outbox) {
  return oncePerEvent(outbox, 'order.payment-refunded', async (event: TypedEvent<'payment-events', 'PaymentRefunded'>, tx, out) => {
    const refund = event.data.payload;
    const orderId = await findOrderId(tx, refund.orderReference);
    if (!orderId) return;
    await recordStep(tx, orderId, 'REFUNDED', { paymentId: refund.paymentId, refundId: refund.refundId, amount: refund.amount });
    await announceRefund(tx, out, orderId, refund);
  });
}
