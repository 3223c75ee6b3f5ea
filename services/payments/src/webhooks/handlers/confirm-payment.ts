// payment.captured and order.paid: the money is taken. The first of them to arrive confirms the
// payment and emits PaymentConfirmed in the same transaction; every later one changes nothing.
import { PaymentConfirmed, TOPICS } from '@saga/contracts';
import { newEvent } from '@saga/runtime';
import { recordAttempt } from '../../payments/payment-attempts';
import { markCaptured } from '../../payments/payment-record';
import { eventTime } from '../razorpay-event';
import { flagMismatch, mismatchOf } from './check-match';
import { flagged, processed, type WebhookHandler } from './outcome';

export const confirmPayment: WebhookHandler = async (input, deps) => {
  const { tx, out, eventId, event, payment: record } = input;
  const payment = event.payload.payment.entity;
  const mismatch = mismatchOf(event, record);
  if (mismatch) return flagMismatch(input, deps, mismatch);

  await recordAttempt(tx, record.order_reference, payment, 'captured');
  const capturedAt = eventTime(event);
  if (await markCaptured(tx, record.order_reference, { paymentId: payment.id, method: payment.method ?? null, capturedAt })) {
    const confirmed = newEvent('PaymentConfirmed', {
      orderReference: record.order_reference,
      paymentProviderOrderId: record.provider_order_id,
      paymentId: payment.id,
      amount: payment.amount,
      currency: 'INR' as const,
      method: payment.method ?? null,
      capturedAt: capturedAt.toISOString(),
    });
    await out.emit(TOPICS.paymentEvents, PaymentConfirmed.parse(confirmed));
    deps.metrics.confirmed.inc();
    deps.logger.info({ eventId, orderReference: record.order_reference, paymentId: payment.id }, 'payment confirmed');
    return processed();
  }
  if (record.payment_id && record.payment_id !== payment.id) {
    // Late authorisation can capture a second payment for an order already paid: a double charge.
    deps.metrics.duplicateCapture.inc();
    deps.logger.error(
      { eventId, orderReference: record.order_reference, paymentId: payment.id, confirmedPaymentId: record.payment_id },
      'a second payment was captured for an already paid order: refund needed, event flagged for review',
    );
    return flagged(`payment ${payment.id} captured for an order already paid by ${record.payment_id}: refund it`);
  }
  return processed('already confirmed');
};
