// Carries refunds out. A new refund is tried right after the transaction that requested it
// commits (processSoon); the worker's passes retry what failed or was left by a crash, after its
// backoff or lease. Refunds are leased (FOR UPDATE SKIP LOCKED), so replicas never collide.
import { attemptRefund, type RefundDeps } from './attempt-refund';
import type { RefundOutcome } from './refund-metrics';
import { refundRepository, type RefundRow } from '../repositories/refund-repository';

const BATCH_SIZE = 20;
/** Outlasts one attempt: a lookup and a refund call, each with its timeouts and retries. */
const LEASE_SECONDS = 60;

export class RefundWorker {
  readonly name = 'refunds';
  private timer?: NodeJS.Timeout;
  private pass?: Promise<void>;
  private stopped = false;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly deps: RefundDeps,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.pass;
    await this.idle();
  }

  /** After the requesting transaction committed: the refund is tried now, on this replica. */
  processSoon(paymentId: string): void {
    if (this.stopped) return;
    const task: Promise<void> = new Promise((resolve) => setImmediate(resolve))
      .then(() => refundRepository.claim(this.deps.db, paymentId, LEASE_SECONDS))
      .then((row) => (row ? this.attempt(row) : undefined))
      .catch((err: Error) =>
        this.deps.logger.error(
          { paymentId, err: err.message },
          'could not start a refund; the refund worker retries it',
        ),
      )
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /**
   * An operator's retry: a FAILED refund is reopened and attempted now, on this replica; a REQUESTED
   * one due now is attempted too; one another attempt holds is left to it (no outcome then).
   */
  async retryNow(paymentId: string): Promise<{ reopened: boolean; outcome?: RefundOutcome }> {
    const reopened = await refundRepository.reopenFailed(this.deps.db, paymentId, LEASE_SECONDS);
    if (reopened) this.deps.logger.info({ paymentId }, 'a FAILED refund is retried by an operator');
    const row = reopened ?? (await refundRepository.claim(this.deps.db, paymentId, LEASE_SECONDS));
    return { reopened: Boolean(reopened), outcome: row ? await attemptRefund(this.deps, row) : undefined };
  }

  /** Resolves when no refund started by processSoon is in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Attempts every refund due (new, failed past its backoff, or left by a crash); returns how many. */
  async runOnce(): Promise<number> {
    const due = await refundRepository.claimDue(this.deps.db, BATCH_SIZE, LEASE_SECONDS);
    await Promise.all(due.map((row) => this.attempt(row)));
    return due.length;
  }

  private async attempt(row: RefundRow): Promise<void> {
    try {
      await attemptRefund(this.deps, row);
    } catch (err) {
      // Razorpay may hold the refund already: the next attempt, after the lease, looks first.
      this.deps.logger.error(
        { paymentId: row.payment_id, err: (err as Error).message },
        'refund attempt failed; retried once its lease lapses',
      );
    }
  }

  private tick(): void {
    if (this.pass) return;
    this.pass = this.runOnce()
      .then(() => undefined)
      .catch((err: Error) => this.deps.logger.error({ err: err.message }, 'refund pass failed; will retry'))
      .finally(() => (this.pass = undefined));
  }
}
