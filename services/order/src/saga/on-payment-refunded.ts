// The end of a compensation: the refund is on its way back to the customer.
import { PaymentRefundedPayload } from '@saga/contracts';
import type { DeliveredEvent, Outbox } from '@saga/runtime';
import { recordStep } from '../orders/timeline';
import { announceRefund } from './announce-refund';

export function onPaymentRefunded(outbox: Outbox) {
  return async (event: DeliveredEvent) => {
    const refund = PaymentRefundedPayload.parse(event.data.payload);
    await outbox.consumeOnce('order.payment-refunded', event.data.eventId, async (tx, out) => {
      const [order] = await tx.query<{ order_id: string }>('select order_id from orders where order_id::text = ?', [refund.orderReference]);
      if (order) await recordStep(tx, order.order_id, 'REFUNDED', { paymentId: refund.paymentId, refundId: refund.refundId, amount: refund.amount });
      if (order) await announceRefund(tx, out, order.order_id, refund);
    });
  };
}
