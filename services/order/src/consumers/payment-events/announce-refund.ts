// A refund came back for one of our orders: the order's parties hear of it (OrderRefunded: the
// customer's socket shows it). Emitted in the transaction that records the REFUNDED step, once per
// PaymentRefunded (inbox).
import { OrderRefunded, type PaymentRefundedPayload, TOPICS } from '@saga/contracts';
import { type Emitter, type Queryable, newEvent } from '@saga/runtime';
import type { z } from 'zod';
import { partiesOf } from '../../repositories/order-repository';

export async function announceRefund(
  tx: Queryable,
  out: Emitter,
  orderId: string,
  refund: z.infer<typeof PaymentRefundedPayload>,
): Promise<void> {
  const order = await partiesOf(tx, orderId);
  if (!order) return;
  const event = newEvent('OrderRefunded', {
    orderId,
    customerId: order.customer_id,
    vendorId: order.vendor_id,
    status: order.status,
    paymentId: refund.paymentId,
    refundId: refund.refundId,
    amount: refund.amount,
    currency: refund.currency,
    refundedAt: refund.refundedAt,
  });
  await out.emit(TOPICS.orderEvents, OrderRefunded.parse(event));
}
