// payment.captured and order.paid: the money is taken. The first of them to arrive confirms the
// payment and emits PaymentConfirmed in the same transaction; every later one changes nothing.
// Money taken that no order will use (a payment that does not match the record, a second capture
// for an order already paid) is flagged AND its refund requested in the same transaction.
import { TOPICS } from '@saga/contracts';
import { paymentConfirmedEvent } from '../../payments/payment-confirmed';
import { isSettled } from '../../payments/payment-status';
import { paymentAttemptRepository } from '../../repositories/payment-attempt-repository';
import { paymentRepository } from '../../repositories/payment-repository';
import { refundRepository } from '../../repositories/refund-repository';
import { eventTime } from '../razorpay-event';
import { flagMismatch, mismatchOf } from './check-match';
import { flagged, processed, type HandlerInput, type Outcome, type WebhookHandler } from './outcome';

export const confirmPayment: WebhookHandler = async (input, deps) => {
  const { tx, out, eventId, event, payment: record } = input;
  const payment = event.payload.payment.entity;
  const mismatch = mismatchOf(event, record);
  if (mismatch)
    return refundCaptured(
      input,
      flagMismatch(input, deps, mismatch),
      `the captured payment does not match the order: ${mismatch}`,
    );
  // order.paid after payment.captured (or any redelivery): the locked record says it all already.
  if (isSettled(record.status) && record.payment_id === payment.id) return processed('already confirmed');

  await paymentAttemptRepository.note(tx, record.order_reference, payment, 'captured');
  const capturedAt = eventTime(event);
  // The record is locked: while it is not settled, this event is the one that confirms it.
  if (!isSettled(record.status)) {
    await paymentRepository.markCaptured(tx, record.order_reference, {
      paymentId: payment.id,
      method: payment.method ?? null,
      capturedAt,
    });
    const confirmed = paymentConfirmedEvent({
      orderReference: record.order_reference,
      providerOrderId: record.provider_order_id,
      paymentId: payment.id,
      amount: payment.amount,
      method: payment.method ?? null,
      capturedAt,
    });
    await out.emit(TOPICS.paymentEvents, confirmed);
    deps.metrics.confirmed.inc();
    deps.logger.info({ eventId, orderReference: record.order_reference, paymentId: payment.id }, 'payment confirmed');
    return processed();
  }
  if (record.payment_id && record.payment_id !== payment.id) {
    // Late authorisation can capture a second payment for an order already paid: a double charge.
    deps.metrics.duplicateCapture.inc();
    deps.logger.error(
      { eventId, orderReference: record.order_reference, paymentId: payment.id, confirmedPaymentId: record.payment_id },
      'a second payment was captured for an already paid order: refund requested, event flagged for review',
    );
    return refundCaptured(
      input,
      flagged(`payment ${payment.id} captured for an order already paid by ${record.payment_id}: refund requested`),
      'a second payment for an order that was already paid',
    );
  }
  return processed('already confirmed');
};

/** The payment is refunded in full, once (one refund per payment id, whoever asks). */
async function refundCaptured(
  { tx, event, payment: record }: HandlerInput,
  outcome: Outcome,
  reason: string,
): Promise<Outcome> {
  const payment = event.payload.payment.entity;
  if (payment.status !== 'captured' || payment.amount <= 0) return outcome;
  await refundRepository.request(tx, {
    paymentId: payment.id,
    orderReference: record.order_reference,
    amount: payment.amount,
    currency: payment.currency,
    reason,
    requestedBy: 'payments',
  });
  return { ...outcome, refund: payment.id };
}
