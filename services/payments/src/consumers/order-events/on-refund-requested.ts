// RefundRequested (order-events): the order service has a captured payment no order will use.
// The refund is recorded once per event (inbox) and once per payment (refunds primary key), in
// the transaction that also records the payment as settled; Razorpay is called after commit.
import { type Logger, type Outbox, type TypedEvent, oncePerEvent } from '@saga/runtime';
import { paymentRepository } from '../../repositories/payment-repository';
import { refundRepository } from '../../repositories/refund-repository';

export const REFUND_REQUESTED_CONSUMER = 'payments.refund-requested';

type RefundRequestedEvent = TypedEvent<'order-events', 'RefundRequested'>;

export function onRefundRequested(deps: {
  outbox: Outbox;
  logger: Logger;
  refunds: { processSoon(paymentId: string): void };
}) {
  return oncePerEvent(
    deps.outbox,
    REFUND_REQUESTED_CONSUMER,
    async (event: RefundRequestedEvent, tx) => {
      const request = event.data.payload;
      const fresh = await refundRepository.request(tx, {
        paymentId: request.paymentId,
        orderReference: request.orderId,
        amount: request.amount,
        currency: request.currency,
        reason: request.reason,
        requestedBy: 'order',
      });
      await paymentRepository.markSettled(tx, {
        orderReference: request.orderId,
        paymentId: request.paymentId,
        as: 'REFUND_REQUESTED',
      });
      return fresh;
    },
    (event, fresh) => {
      const request = event.data.payload;
      deps.logger.info(
        {
          eventId: event.data.eventId,
          orderId: request.orderId,
          paymentId: request.paymentId,
          amount: request.amount,
          reason: request.reason,
          alreadyRequested: !fresh,
        },
        'refund requested by the order service',
      );
      if (fresh) deps.refunds.processSoon(request.paymentId);
    },
  );
}
