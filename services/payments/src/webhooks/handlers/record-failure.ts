// payment.failed: one attempt failed. The customer may retry on the same Razorpay order, and a
// failed attempt may still be authorised late, so this never moves a payment back from where it is.
import { PaymentFailed, TOPICS } from '@saga/contracts';
import { newEvent } from '@saga/runtime';
import { paymentAttemptRepository } from '../../repositories/payment-attempt-repository';
import { paymentRepository } from '../../repositories/payment-repository';
import { processed, type WebhookHandler } from './outcome';

export const recordFailure: WebhookHandler = async ({ tx, out, eventId, event, payment: record }, deps) => {
  const payment = event.payload.payment.entity;
  const firstReport = await paymentAttemptRepository.record(tx, record.order_reference, payment, 'failed');
  await paymentRepository.markFailed(tx, record.order_reference);
  // Once an attempt is authorized or captured, a failed one is no news for the saga.
  if (!firstReport || ['AUTHORIZED', 'CAPTURED', 'REFUNDED'].includes(record.status))
    return processed('no PaymentFailed: already reported or paid');

  const failed = newEvent('PaymentFailed', {
    orderReference: record.order_reference,
    paymentProviderOrderId: record.provider_order_id,
    paymentId: payment.id,
    reason: payment.error_description ?? payment.error_reason ?? 'payment failed',
    errorCode: payment.error_code ?? null,
  });
  await out.emit(TOPICS.paymentEvents, PaymentFailed.parse(failed));
  deps.logger.info(
    { eventId, orderReference: record.order_reference, paymentId: payment.id, errorCode: payment.error_code },
    'payment attempt failed',
  );
  return processed();
};
