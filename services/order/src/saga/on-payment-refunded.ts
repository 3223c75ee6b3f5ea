// The end of a compensation: the refund is on its way back to the customer.
import { PaymentRefundedPayload } from '@saga/contracts';
import type { DeliveredEvent, Outbox } from '@saga/runtime';
import { findOrderId } from '../orders/order-reference';
import { recordStep } from '../orders/timeline';
import { announceRefund } from './announce-refund';

export function onPaymentRefunded(outbox: Outbox) {
  return async (event: DeliveredEvent) => {
    const refund = PaymentRefundedPayload.parse(event.data.payload);
    await outbox.consumeOnce('order.payment-refunded', event.data.eventId, async (tx, out) => {
      const orderId = await findOrderId(tx, refund.orderReference);
      if (!orderId) return;
      await recordStep(tx, orderId, 'REFUNDED', { paymentId: refund.paymentId, refundId: refund.refundId, amount: refund.amount });
      await announceRefund(tx, out, orderId, refund);
    });
  };
}
