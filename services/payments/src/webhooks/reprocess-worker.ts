// Takes over webhook events acknowledged but not finished: the receiving replica crashed between
// its answer and the processing, or processing failed and its backoff has passed. Events are
// leased with FOR UPDATE SKIP LOCKED, so replicas running this worker side by side never collide.
import type { Database, Logger } from '@saga/runtime';
import type { WebhookProcessor } from './process-webhook-event';
import { webhookEventRepository } from '../repositories/webhook-event-repository';

const BATCH_SIZE = 20;
/** Long enough for processing with a capture call (timeouts and retries included). */
const LEASE_SECONDS = 60;

export class WebhookReprocessWorker {
  readonly name = 'webhook-reprocess';
  private timer?: NodeJS.Timeout;
  private pass?: Promise<void>;

  constructor(
    private readonly db: Database,
    readonly processor: WebhookProcessor,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.pass;
    await this.processor.idle();
  }

  /** Resolves when no processing started right after an acknowledgement is running (tests, shutdown). */
  idle(): Promise<void> {
    return this.processor.idle();
  }

  /** Processes one batch of stale events; returns how many it took. */
  async runOnce(): Promise<number> {
    const eventIds = await webhookEventRepository.claimStale(this.db, BATCH_SIZE, LEASE_SECONDS);
    if (eventIds.length) this.logger.warn({ count: eventIds.length }, 'processing webhook events left unprocessed');
    await Promise.all(eventIds.map((id) => this.processor.process(id)));
    return eventIds.length;
  }

  private tick(): void {
    if (this.pass) return;
    this.pass = this.runOnce()
      .then(() => undefined)
      .catch((err: Error) => this.logger.error({ err: err.message }, 'webhook reprocess pass failed; will retry'))
      .finally(() => (this.pass = undefined));
  }
}
