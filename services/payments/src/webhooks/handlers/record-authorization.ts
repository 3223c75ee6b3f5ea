// payment.authorized: the money is held. With Razorpay auto-capture the capture webhook follows on
// its own; without it, the payment is captured through the API after this transaction commits.
import { isSettled } from '../../payments/payment-status';
import { paymentAttemptRepository } from '../../repositories/payment-attempt-repository';
import { paymentRepository } from '../../repositories/payment-repository';
import { flagMismatch, mismatchOf } from './check-match';
import { processed, type WebhookHandler } from './outcome';

export const recordAuthorization: WebhookHandler = async (input, deps) => {
  const { tx, event, payment: record } = input;
  const payment = event.payload.payment.entity;
  const mismatch = mismatchOf(event, record);
  if (mismatch) return flagMismatch(input, deps, mismatch);

  await paymentAttemptRepository.note(tx, record.order_reference, payment, 'authorized');
  await paymentRepository.markAuthorized(tx, record.order_reference, {
    paymentId: payment.id,
    method: payment.method ?? null,
  });
  // Never capture a second payment for an order already paid: Razorpay refunds uncaptured ones.
  if (deps.autoCapture || isSettled(record.status)) return processed();
  return {
    status: 'PROCESSED',
    capture: { paymentId: payment.id, amount: payment.amount, currency: payment.currency },
  };
};
