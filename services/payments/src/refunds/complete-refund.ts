// Razorpay holds the refund: in one transaction the refund becomes PROCESSED, the payment it
// returns REFUNDED (only when it is the payment that paid the record, never a second capture's
// record), and PaymentRefunded is emitted. Runs once per refund whatever the number of callers.
import { PaymentRefunded, TOPICS } from '@saga/contracts';
import { type Logger, type Outbox, newEvent } from '@saga/runtime';
import type { RazorpayRefund } from '../razorpay/razorpay-gateway';
import { paymentRepository } from '../repositories/payment-repository';
import { refundRepository } from '../repositories/refund-repository';

export async function completeRefund(
  outbox: Outbox,
  logger: Logger,
  paymentId: string,
  refund: RazorpayRefund,
): Promise<boolean> {
  return outbox.transaction(async (tx, out) => {
    const row = await refundRepository.markProcessed(tx, paymentId, refund.id);
    if (!row) return false;
    await paymentRepository.markRefunded(tx, paymentId);
    const log = {
      paymentId,
      orderReference: row.order_reference,
      refundId: refund.id,
      amount: refund.amount,
      requestedBy: row.requested_by,
    };
    if (row.currency !== 'INR') {
      // The contract carries INR only; such a payment cannot come from one of our (INR) orders.
      logger.error(
        { ...log, currency: row.currency },
        'refund processed in a currency PaymentRefunded cannot carry: no event emitted',
      );
      return true;
    }
    const event = newEvent('PaymentRefunded', {
      orderReference: row.order_reference,
      paymentId,
      refundId: refund.id,
      amount: refund.amount,
      currency: 'INR' as const,
      reason: row.reason,
      refundedAt: new Date((refund.created_at ?? Date.now() / 1000) * 1000).toISOString(),
    });
    await out.emit(TOPICS.paymentEvents, PaymentRefunded.parse(event));
    logger.info(log, 'payment refunded');
    return true;
  });
}
