// A Razorpay Checkout callback, forwarded by the order service: verified, then applied the way a
// webhook is. Order of checks: the signature (nothing unauthenticated reaches Razorpay or the
// database), the Razorpay order it names (a valid signature for another of our orders changes
// nothing here), then Razorpay itself: amount and status are taken from the payment fetched from
// Razorpay, never from the client.
import type { CheckoutCallbackRequest, CheckoutCallbackResult } from '@saga/contracts';
import { AppError, type Database, type Logger, validationError } from '@saga/runtime';
import { toGatewayError } from '../razorpay/gateway-error';
import { CircuitOpenError } from '../razorpay/gateway-policy';
import type { RazorpayGateway, RazorpayPayment } from '../razorpay/razorpay-gateway';
import { paymentRepository } from '../repositories/payment-repository';
import { webhookEventRepository } from '../repositories/webhook-event-repository';
import type { WebhookProcessor } from '../webhooks/process-webhook-event';
import { callbackWebhookFor } from './callback-webhook';
import { isValidCheckoutSignature } from './checkout-signature';

export interface CallbackDeps {
  db: Database;
  gateway: RazorpayGateway;
  processor: WebhookProcessor;
  logger: Logger;
  keySecret: string;
}

/** How long the stored event is left to this request before the reprocess worker may take it. */
const PROCESSING_LEASE_SECONDS = 60;

export async function confirmCallback(
  deps: CallbackDeps,
  callback: CheckoutCallbackRequest,
): Promise<CheckoutCallbackResult> {
  const { razorpay_order_id: providerOrderId, razorpay_payment_id: paymentId } = callback;
  if (!isValidCheckoutSignature(providerOrderId, paymentId, callback.razorpay_signature, deps.keySecret)) {
    deps.logger.warn(
      { security: true, orderReference: callback.orderReference, paymentId },
      'Checkout callback refused: signature mismatch',
    );
    throw new AppError(
      'INVALID_PAYMENT_SIGNATURE',
      'razorpay_signature does not match razorpay_order_id and razorpay_payment_id',
      {
        invalidParams: [{ name: 'razorpay_signature', reason: 'does not match razorpay_order_id|razorpay_payment_id' }],
      },
    );
  }
  const record = await paymentRepository.standingOf(deps.db, callback.orderReference);
  if (!record) throw new AppError('NOT_FOUND', `no payment for order ${callback.orderReference}`);
  if (record.provider_order_id !== providerOrderId) {
    throw validationError([{ name: 'razorpay_order_id', reason: "is not this order's Razorpay order" }]);
  }
  const payment = await fetchPayment(deps.gateway, paymentId);
  if (payment.order_id !== providerOrderId)
    throw validationError([{ name: 'razorpay_payment_id', reason: 'Razorpay shows it for another order' }]);

  const event = callbackWebhookFor(payment, new Date());
  if (event) {
    // Stored once per payment and status; processed now (a no-op when done already, by anyone).
    await webhookEventRepository.store(deps.db, { ...event, leaseSeconds: PROCESSING_LEASE_SECONDS });
    await deps.processor.process(event.eventId, providerOrderId);
  }
  const after = (await paymentRepository.standingOf(deps.db, callback.orderReference)) ?? record;
  return {
    orderReference: callback.orderReference,
    paymentId,
    paymentStatus: after.status,
    razorpayStatus: payment.status,
  };
}

async function fetchPayment(gateway: RazorpayGateway, paymentId: string): Promise<RazorpayPayment> {
  try {
    return await gateway.fetchPayment(paymentId);
  } catch (err) {
    if (err instanceof CircuitOpenError) {
      throw new AppError(
        'PAYMENT_GATEWAY_UNAVAILABLE',
        'the payment gateway is unavailable (circuit open); retry later',
        { retryAfterSeconds: err.retryAfterSeconds },
      );
    }
    const failure = toGatewayError(err);
    if (failure.transient)
      throw new AppError('PAYMENT_GATEWAY_UNAVAILABLE', 'the payment gateway is unavailable; retry later', {
        retryAfterSeconds: 2,
      });
    if (failure.statusCode === 400 || failure.statusCode === 404)
      throw validationError([{ name: 'razorpay_payment_id', reason: 'Razorpay does not know this payment' }]);
    throw new AppError('UPSTREAM_FAILED', 'the payment gateway refused to show the payment');
  }
}
