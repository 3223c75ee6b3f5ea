// Capture of an authorized payment when Razorpay does not auto-capture. Runs after the event's
// transaction committed (no transaction is held open across a Razorpay call). The capture webhook
// that follows confirms the payment. A transient failure throws: the event stays RECEIVED and is
// retried. A refusal is settled by asking Razorpay where the payment is: if it is captured already
// (a retry of ours, or Razorpay captured it), all is well; otherwise a person must look.
import type { Logger } from '@saga/runtime';
import { toGatewayError } from '../razorpay/gateway-error';
import type { RazorpayGateway } from '../razorpay/razorpay-gateway';
import { flagged, processed, type CaptureRequest, type Outcome } from './handlers/outcome';

export async function captureAuthorized(
  gateway: RazorpayGateway,
  logger: Logger,
  eventId: string,
  capture: CaptureRequest,
): Promise<Outcome> {
  try {
    await gateway.capturePayment(capture.paymentId, capture.amount, capture.currency);
    logger.info({ eventId, paymentId: capture.paymentId }, 'authorized payment captured through the API');
    return processed('captured through the API');
  } catch (err) {
    const failure = toGatewayError(err);
    if (failure.transient) throw failure;
    const current = await gateway.fetchPayment(capture.paymentId);
    if (current.status === 'captured') return processed('already captured');
    logger.error(
      { eventId, paymentId: capture.paymentId, status: current.status, err: failure.message },
      'Razorpay refused to capture an authorized payment: flagged for review',
    );
    return flagged(`capture refused (${failure.message}); payment is ${current.status}`);
  }
}
