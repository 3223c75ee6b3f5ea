// One attempt at one refund, made with no transaction open. After an attempt whose outcome is
// unknown (no answer, a crash), Razorpay is asked first whether it holds the refund already; then
// the refund is asked for under the payment's idempotency key, so even a blind retry cannot refund
// twice. Transient failures (network, timeout, 429, 5xx, 409, open circuit) are retried with
// backoff; a refusal is settled by what Razorpay shows for the payment, else the refund FAILS and a
// person must look.
import type { Database, Logger, Outbox } from '@saga/runtime';
import { toGatewayError } from '../razorpay/gateway-error';
import type { RazorpayGateway, RazorpayRefund } from '../razorpay/razorpay-gateway';
import { completeRefund } from './complete-refund';
import type { RefundMetrics, RefundOutcome } from './refund-metrics';
import { refundRepository, type RefundRow } from '../repositories/refund-repository';

export interface RefundDeps {
  db: Database;
  outbox: Outbox;
  gateway: RazorpayGateway;
  logger: Logger;
  metrics: RefundMetrics;
  retryBaseMs: number;
  retryMaxSeconds: number;
}

type Lookup = { found?: RazorpayRefund; error?: Error };

export async function attemptRefund(deps: RefundDeps, refund: RefundRow): Promise<RefundOutcome> {
  const amount = Number(refund.amount_paise);
  let accepted: RazorpayRefund | undefined;
  try {
    if (refund.attempts > 1) accepted = await findRefund(deps.gateway, refund.payment_id, amount);
    accepted ??= await deps.gateway.refundPayment(
      refund.payment_id,
      { amount, notes: { orderReference: refund.order_reference, reason: refund.reason } },
      refund.idempotency_key,
    );
  } catch (err) {
    const failure = toGatewayError(err);
    if (failure.transient) return retryLater(deps, refund, failure.message);
    // Refused, e.g. "fully refunded already": maybe by an earlier attempt of ours, or by hand.
    const lookup: Lookup = await findRefund(deps.gateway, refund.payment_id, amount).then(
      (found) => ({ found }),
      (error: Error) => ({ error }),
    );
    if (lookup.error && toGatewayError(lookup.error).transient)
      return retryLater(deps, refund, `${failure.message}; checking: ${lookup.error.message}`);
    if (!lookup.found) return giveUp(deps, refund, failure.message);
    accepted = lookup.found;
  }
  if (accepted.status === 'failed') return giveUp(deps, refund, `Razorpay refund ${accepted.id} failed`);
  await completeRefund(deps.outbox, deps.logger, refund.payment_id, accepted);
  deps.metrics.refunds.inc({ outcome: 'processed' });
  return 'processed';
}

/** A refund Razorpay holds for this payment and amount (pending or processed), if any. */
async function findRefund(
  gateway: RazorpayGateway,
  paymentId: string,
  amount: number,
): Promise<RazorpayRefund | undefined> {
  const refunds = await gateway.fetchRefunds(paymentId);
  return refunds.find((r) => r.amount === amount && r.status !== 'failed');
}

async function retryLater(deps: RefundDeps, refund: RefundRow, error: string): Promise<RefundOutcome> {
  const delayMs = Math.min(deps.retryMaxSeconds * 1000, deps.retryBaseMs * 2 ** Math.min(refund.attempts - 1, 20));
  await refundRepository.reschedule(deps.db, refund.payment_id, error, delayMs);
  deps.metrics.refunds.inc({ outcome: 'retry' });
  deps.logger.warn(
    {
      paymentId: refund.payment_id,
      orderReference: refund.order_reference,
      attempts: refund.attempts,
      retryInMs: delayMs,
      err: error,
    },
    'refund attempt failed; will retry',
  );
  return 'retry';
}

async function giveUp(deps: RefundDeps, refund: RefundRow, error: string): Promise<RefundOutcome> {
  if (await refundRepository.fail(deps.db, refund.payment_id, error)) {
    deps.metrics.refunds.inc({ outcome: 'failed' });
    deps.logger.error(
      {
        paymentId: refund.payment_id,
        orderReference: refund.order_reference,
        amount: Number(refund.amount_paise),
        attempts: refund.attempts,
        err: error,
      },
      'Razorpay refused the refund: FAILED, a person must refund this payment',
    );
  }
  return 'failed';
}
