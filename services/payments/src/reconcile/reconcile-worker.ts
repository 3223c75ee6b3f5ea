// Reconciliation with Razorpay every RECONCILE_INTERVAL_SECONDS, on every replica: payments are
// claimed with a lease (FOR UPDATE SKIP LOCKED), so no two replicas work one payment at once.
//   open payments      -> compared with Razorpay (check-open-payment.ts)
//   unsettled captures -> PaymentConfirmed again (reconfirm-payment.ts)
// Webhook events acknowledged but left unprocessed are the reprocess worker's (webhooks/).
import { type IntervalWorker, type Outbox, intervalWorker } from '@saga/runtime';
import { ConcurrencyLimit } from '../webhooks/concurrency-limit';
import { checkOpenPayment, type OpenCheckDeps } from './check-open-payment';
import type { ReconcileMetrics, ReconcileOutcome } from './reconcile-metrics';
import { type Backoff, claimPaymentsToReconcile, type ClaimOptions, type ReconcileRow, scheduleNextCheck } from './reconcile-store';
import { reconfirmPayment } from './reconfirm-payment';

/** Payments checked at once per replica: each check may call Razorpay. */
const PARALLEL_CHECKS = 4;

export interface ReconcileDeps extends OpenCheckDeps {
  outbox: Outbox;
  metrics: ReconcileMetrics;
  claim: ClaimOptions;
  backoff: Backoff;
}

/** How many payments one pass checked, by outcome. */
export type ReconcileReport = Partial<Record<ReconcileOutcome, number>>;
export type ReconcileWorker = IntervalWorker<ReconcileReport>;

export function reconcileWorker(deps: ReconcileDeps, intervalMs: number): ReconcileWorker {
  const limit = new ConcurrencyLimit(PARALLEL_CHECKS);

  async function reconcile(row: ReconcileRow): Promise<ReconcileOutcome> {
    let outcome: ReconcileOutcome;
    try {
      if (row.status === 'CAPTURED') outcome = (await reconfirmPayment(deps.outbox, deps.logger, row)) ? 'reconfirmed' : 'unchanged';
      else outcome = await checkOpenPayment(deps, row);
      await scheduleNextCheck(deps.db, row, deps.backoff);
    } catch (err) {
      // The lease taken by the claim is the retry delay: the payment is checked again once it lapses.
      deps.logger.warn({ orderReference: row.order_reference, providerOrderId: row.provider_order_id, err: (err as Error).message }, 'reconciling a payment failed; will retry');
      outcome = 'error';
    }
    deps.metrics.reconciled.inc({ outcome });
    return outcome;
  }

  async function pass(): Promise<ReconcileReport> {
    const stopTimer = deps.metrics.duration.startTimer();
    try {
      const rows = await claimPaymentsToReconcile(deps.db, deps.claim);
      const report: ReconcileReport = {};
      for (const outcome of await Promise.all(rows.map((row) => limit.run(() => reconcile(row))))) report[outcome] = (report[outcome] ?? 0) + 1;
      return report;
    } finally {
      stopTimer();
    }
  }

  const describe = (report: ReconcileReport) => {
    const repaired = (report.confirmed ?? 0) + (report.recorded ?? 0) + (report.reconfirmed ?? 0);
    return repaired || report.error ? `reconciliation: ${JSON.stringify(report)}` : undefined;
  };
  return intervalWorker('reconcile', intervalMs, deps.logger, pass, describe);
}
