// Reconciliation with Razorpay every RECONCILE_INTERVAL_SECONDS, on every replica: payments are
// claimed with a lease (FOR UPDATE SKIP LOCKED), so no two replicas work one payment at once.
// A pass first lists Razorpay's orders of the open payments' time window (order-scan.ts):
//   open, Razorpay order `created` -> nothing to learn: next check scheduled, a thousand per UPDATE
// then claims batch after batch until nothing is due or its time budget is spent:
//   other open payments            -> compared with Razorpay (check-open-payment.ts)
//   unsettled captures             -> PaymentConfirmed again (reconfirm-payment.ts)
//   open, Razorpay order unknown   -> VOIDED, once, and the order told (void-unknown-payment.ts)
// Webhook events acknowledged but left unprocessed are the reprocess worker's (webhooks/).
import { type IntervalWorker, type Outbox, intervalWorker } from '@saga/runtime';
import { UnknownAtGatewayError } from '../razorpay/gateway-error';
import { ConcurrencyLimit } from '../webhooks/concurrency-limit';
import { checkOpenPayment, type OpenCheckDeps } from './check-open-payment';
import { type OrderScan, scanRazorpayOrders } from './order-scan';
import type { ReconcileMetrics, ReconcileOutcome } from './reconcile-metrics';
import {
  type Backoff,
  type ClaimOptions,
  paymentReconcileRepository,
  type ReconcileRow,
} from '../repositories/payment-reconcile-repository';
import { reconfirmPayment } from './reconfirm-payment';
import { voidUnknownPayment } from './void-unknown-payment';

export interface ReconcileDeps extends OpenCheckDeps {
  outbox: Outbox;
  metrics: ReconcileMetrics;
  claim: ClaimOptions;
  backoff: Backoff;
  /** Payments checked at once per replica: each check may call Razorpay. */
  parallelChecks: number;
  /** How long one pass may go on claiming batches (a share of the interval). */
  passBudgetMs: number;
}

/** How many payments one pass checked, by outcome. */
export type ReconcileReport = Partial<Record<ReconcileOutcome, number>>;
export type ReconcileWorker = IntervalWorker<ReconcileReport>;

/** Razorpay orders of one UPDATE that schedules unattempted payments. */
const UNATTEMPTED_CHUNK = 1000;

export function reconcileWorker(deps: ReconcileDeps, intervalMs: number): ReconcileWorker {
  const limit = new ConcurrencyLimit(deps.parallelChecks);

  async function reconcile(row: ReconcileRow): Promise<ReconcileOutcome> {
    let outcome: ReconcileOutcome;
    try {
      if (row.status === 'CAPTURED')
        outcome = (await reconfirmPayment(deps.outbox, deps.logger, row)) ? 'reconfirmed' : 'unchanged';
      else outcome = await checkOpenPayment(deps, row);
      await paymentReconcileRepository.scheduleNextCheck(deps.db, row, deps.backoff);
    } catch (err) {
      if (err instanceof UnknownAtGatewayError) return settleUnknown(row, err);
      // The lease taken by the claim is the retry delay: the payment is checked again once it lapses.
      deps.logger.warn(
        { orderReference: row.order_reference, providerOrderId: row.provider_order_id, err: (err as Error).message },
        'reconciling a payment failed; will retry',
      );
      outcome = 'error';
    }
    deps.metrics.reconciled.inc({ outcome });
    return outcome;
  }

  /** Razorpay does not know the order: a final state instead of a check on every pass. */
  async function settleUnknown(row: ReconcileRow, cause: UnknownAtGatewayError): Promise<ReconcileOutcome> {
    let outcome: ReconcileOutcome;
    try {
      outcome = (await voidUnknownPayment(deps.outbox, deps.logger, row, cause)) ? 'voided' : 'unchanged';
    } catch (err) {
      deps.logger.warn(
        { orderReference: row.order_reference, err: (err as Error).message },
        'voiding a payment Razorpay does not know failed; will retry',
      );
      outcome = 'error';
    }
    deps.metrics.reconciled.inc({ outcome });
    return outcome;
  }

  /** The due open payments whose Razorpay order the scan saw `created`, scheduled without a call. */
  async function scheduleAllUnattempted(scan: OrderScan, deadline: number): Promise<number> {
    const ids = scan.unattempted();
    let scheduled = 0;
    try {
      for (let i = 0; i < ids.length && Date.now() < deadline; i += UNATTEMPTED_CHUNK) {
        const n = await paymentReconcileRepository.scheduleUnattempted(
          deps.db,
          ids.slice(i, i + UNATTEMPTED_CHUNK),
          deps.claim,
          deps.backoff,
        );
        deps.metrics.reconciled.inc({ outcome: 'unchanged' }, n);
        scheduled += n;
      }
    } catch (err) {
      // Nothing leased: what is left is claimed below, or by the next pass.
      deps.logger.warn({ err: (err as Error).message }, 'scheduling the next check of unattempted payments failed');
    }
    return scheduled;
  }

  /**
   * Claimed open payments whose Razorpay order the scan saw `created` (they became due after the
   * bulk scheduling): scheduled at once, all in one UPDATE. Returns them with their outcome.
   */
  async function skipUnattempted(
    rows: ReconcileRow[],
    scan: OrderScan | undefined,
  ): Promise<{ skipped: Set<ReconcileRow>; outcome: ReconcileOutcome }> {
    const unattempted = scan
      ? rows.filter((row) => row.status !== 'CAPTURED' && scan.status(row.provider_order_id) === 'created')
      : [];
    let outcome: ReconcileOutcome = 'unchanged';
    if (unattempted.length) {
      try {
        await paymentReconcileRepository.scheduleNextChecks(deps.db, unattempted, deps.backoff);
      } catch (err) {
        // As for one check that failed: the lease taken by the claim is the retry delay.
        deps.logger.warn(
          { payments: unattempted.length, err: (err as Error).message },
          'scheduling the next check of unattempted payments failed; will retry',
        );
        outcome = 'error';
      }
      deps.metrics.reconciled.inc({ outcome }, unattempted.length);
    }
    return { skipped: new Set(unattempted), outcome };
  }

  async function pass(): Promise<ReconcileReport> {
    const stopTimer = deps.metrics.duration.startTimer();
    const deadline = Date.now() + deps.passBudgetMs;
    const report: ReconcileReport = {};
    const count = (outcome: ReconcileOutcome, n = 1) => (report[outcome] = (report[outcome] ?? 0) + n);
    try {
      const window = await paymentReconcileRepository.openDueWindow(deps.db, deps.claim);
      // Half the budget at most for the listing: what it did not reach is checked one by one.
      const scan = window
        ? await scanRazorpayOrders(deps.gateway, deps.logger, window, Date.now() + deps.passBudgetMs / 2)
        : undefined;
      if (scan) {
        const scheduled = await scheduleAllUnattempted(scan, deadline);
        if (scheduled) count('unchanged', scheduled);
      }
      for (;;) {
        const rows = await paymentReconcileRepository.claimDue(deps.db, deps.claim);
        const { skipped, outcome: skippedOutcome } = await skipUnattempted(rows, scan);
        const outcomes = await Promise.all(
          rows.filter((row) => !skipped.has(row)).map((row) => limit.run(() => reconcile(row))),
        );
        if (skipped.size) count(skippedOutcome, skipped.size);
        for (const outcome of outcomes) count(outcome);
        if (rows.length < deps.claim.limit || Date.now() >= deadline) break;
        // Razorpay or the database failing every check: the rest waits for the next pass.
        if (skippedOutcome === 'error' || (outcomes.length && outcomes.every((o) => o === 'error'))) break;
      }
      if (scan)
        deps.logger.debug(
          { listed: scan.listed, listCalls: scan.calls, complete: scan.complete, report },
          'reconciliation pass',
        );
      return report;
    } finally {
      stopTimer();
    }
  }

  const describe = (report: ReconcileReport) => {
    const repaired =
      (report.confirmed ?? 0) + (report.recorded ?? 0) + (report.reconfirmed ?? 0) + (report.voided ?? 0);
    return repaired || report.error ? `reconciliation: ${JSON.stringify(report)}` : undefined;
  };
  return intervalWorker('reconcile', intervalMs, deps.logger, pass, describe);
}
