// An open payment (intent created, authorized or failed) compared with Razorpay: every attempt on
// its Razorpay order that got further than our records know becomes the webhook Razorpay would
// have sent, stored and processed by the webhook processor (the same handlers, the same
// transaction, the same idempotency). A captured payment whose webhook never came is thereby
// confirmed; an authorized one is captured when auto-capture is off.
import type { Database, Logger } from '@saga/runtime';
import type { RazorpayGateway, RazorpayPayment } from '../razorpay/razorpay-gateway';
import type { WebhookProcessor } from '../webhooks/process-webhook-event';
import { paymentAttemptRepository } from '../repositories/payment-attempt-repository';
import type { ReconcileRow } from '../repositories/payment-reconcile-repository';
import { paymentRepository } from '../repositories/payment-repository';
import { webhookEventRepository } from '../repositories/webhook-event-repository';
import { inWebhookOrder, syntheticWebhookFor } from './synthetic-webhook';

export interface OpenCheckDeps {
  db: Database;
  gateway: RazorpayGateway;
  processor: WebhookProcessor;
  logger: Logger;
}

export type OpenOutcome = 'confirmed' | 'recorded' | 'unchanged';

const RANK: Record<string, number> = { failed: 0, authorized: 1, captured: 2 };
/** How long a stored synthetic event is left to this replica before the reprocess worker may take it. */
const PROCESSING_LEASE_SECONDS = 60;

/** The part of a payment record a check reads. */
export type OpenPayment = Pick<ReconcileRow, 'order_reference' | 'provider_order_id' | 'status'>;

export async function checkOpenPayment(deps: OpenCheckDeps, row: OpenPayment): Promise<OpenOutcome> {
  return (await compareWithRazorpay(deps, row)).outcome;
}

/**
 * The check, and what Razorpay showed: its payments on the order, as fetched. Rejects with
 * UnknownAtGatewayError when Razorpay does not know the order, with GatewayError when it cannot be asked.
 */
export async function compareWithRazorpay(
  deps: OpenCheckDeps,
  row: OpenPayment,
): Promise<{ outcome: OpenOutcome; remote: RazorpayPayment[] }> {
  const { db, gateway, processor, logger } = deps;
  const remote = (await gateway.fetchOrderPayments(row.provider_order_id)).filter(
    (p) => p.order_id === row.provider_order_id,
  );
  const known = new Map(
    (await paymentAttemptRepository.listForOrder(db, row.order_reference)).map((a) => [
      a.paymentId,
      RANK[a.status] ?? -1,
    ]),
  );
  const observedAt = new Date();
  let stored = 0;
  for (const payment of [...remote].sort(inWebhookOrder)) {
    if ((known.get(payment.id) ?? -1) >= (RANK[payment.status] ?? 99)) continue; // a webhook told us already
    const synthetic = syntheticWebhookFor(payment, observedAt);
    if (!synthetic) continue;
    const fresh = await webhookEventRepository.store(db, { ...synthetic, leaseSeconds: PROCESSING_LEASE_SECONDS });
    if (!fresh) continue; // stored by an earlier check: processed, or the reprocess worker retries it
    stored++;
    logger.info(
      {
        orderReference: row.order_reference,
        providerOrderId: row.provider_order_id,
        paymentId: payment.id,
        razorpayStatus: payment.status,
        eventId: synthetic.eventId,
      },
      'reconciliation: Razorpay shows a payment state no webhook reported; processing it as that webhook',
    );
    await processor.process(synthetic.eventId);
  }
  if (!stored) return { outcome: 'unchanged', remote };
  const now = await paymentRepository.captureStateOf(db, row.order_reference);
  if (now?.status === 'CAPTURED' && row.status !== 'CAPTURED') {
    logger.info(
      { orderReference: row.order_reference, capturedAt: now.capturedAt },
      'reconciliation confirmed a payment whose webhook never came',
    );
    return { outcome: 'confirmed', remote };
  }
  return { outcome: 'recorded', remote };
}
