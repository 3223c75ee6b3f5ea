// RefundRequested (order-events): the order service has a captured payment no order will use.
// The refund is recorded once per event (inbox) and once per payment (refunds primary key), in
// the transaction that also records the payment as settled; Razorpay is called after commit.
import { RefundRequestedPayload } from '@saga/contracts';
import type { DeliveredEvent, Logger, Outbox } from '@saga/runtime';
import { markSettled } from '../payments/payment-record';
import { requestRefund } from '../refunds/refund-store';

export const REFUND_REQUESTED_CONSUMER = 'payments.refund-requested';

export function onRefundRequested(deps: { outbox: Outbox; logger: Logger; refunds: { processSoon(paymentId: string): void } }) {
  return async (event: DeliveredEvent): Promise<void> => {
    const request = RefundRequestedPayload.parse(event.data.payload);
    let fresh = false;
    const outcome = await deps.outbox.consumeOnce(REFUND_REQUESTED_CONSUMER, event.data.eventId, async (tx) => {
      fresh = await requestRefund(tx, {
        paymentId: request.paymentId,
        orderReference: request.orderId,
        amount: request.amount,
        currency: request.currency,
        reason: request.reason,
        requestedBy: 'order',
      });
      await markSettled(tx, { orderReference: request.orderId, paymentId: request.paymentId, as: 'REFUND_REQUESTED' });
    });
    if (outcome === 'DUPLICATE') return;
    deps.logger.info(
      { eventId: event.data.eventId, orderId: request.orderId, paymentId: request.paymentId, amount: request.amount, reason: request.reason, alreadyRequested: !fresh },
      'refund requested by the order service',
    );
    if (fresh) deps.refunds.processSoon(request.paymentId);
  };
}
