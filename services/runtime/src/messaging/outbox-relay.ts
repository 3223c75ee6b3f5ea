// Publishes committed outbox events through the runtime port. Woken right after each commit;
// polls as a fallback (another replica's rows, retries, rows left by a crash). A row is claimed
// with a lease (next_attempt_at in the future) in one statement, published with no transaction
// open, then marked published; a crash in between lets the lease lapse and the row is published
// again (at-least-once; consumers deduplicate on eventId). Safe with several replicas.
import type { AnyEvent } from '@saga/contracts';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { Database } from '../db/database';
import { isoTime } from '../db/sql-values';
import type { RuntimePort } from '../port/runtime-port';

export interface RelayOptions {
  pollIntervalMs?: number;
  batchSize?: number;
  leaseSeconds?: number;
  maxBackoffSeconds?: number;
  maxConcurrentPasses?: number;
}

interface ClaimedRow {
  id: string;
  topic: string;
  event: AnyEvent | string;
  created_at: Date | string;
  attempts: number;
}

export class OutboxRelay {
  readonly name = 'outbox-relay';
  private timer?: NodeJS.Timeout;
  private readonly running = new Set<Promise<void>>();
  private active = 0;
  private again = false;
  private stopped = true;
  private readonly published: Counter<'topic'>;
  private readonly failures: Counter<'topic'>;
  private readonly lag: Histogram<'topic'>;
  private readonly options: Required<RelayOptions>;

  constructor(
    private readonly db: Database,
    private readonly runtime: RuntimePort,
    private readonly logger: Logger,
    registry: Registry,
    options: RelayOptions = {},
  ) {
    this.options = { pollIntervalMs: 1000, batchSize: 100, leaseSeconds: 30, maxBackoffSeconds: 60, maxConcurrentPasses: 4, ...options };
    this.published = new Counter({ name: 'outbox_published_total', help: 'Outbox events published', labelNames: ['topic'], registers: [registry] });
    this.failures = new Counter({ name: 'outbox_publish_failures_total', help: 'Failed outbox publish attempts', labelNames: ['topic'], registers: [registry] });
    this.lag = new Histogram({
      name: 'outbox_lag_seconds',
      help: 'From commit of an event to its publication',
      labelNames: ['topic'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5, 30],
      registers: [registry],
    });
    const database = this.db;
    new Gauge({
      name: 'outbox_backlog',
      help: 'Outbox events committed and not yet published',
      registers: [registry],
      async collect() {
        const [row] = await database.query<{ n: string }>('select count(*) as n from outbox where published_at is null').catch(() => [{ n: 'NaN' }]);
        this.set(Number(row?.n));
      },
    });
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.timer.unref();
    this.wake();
  }

  /**
   * Asks for a pass now. Up to `maxConcurrentPasses` run side by side (rows are claimed with SKIP
   * LOCKED, so they never overlap): an event committed while an earlier pass is still publishing
   * does not wait for it. A wake while all are busy causes one more pass after.
   */
  wake = (): void => {
    if (this.stopped) return;
    if (this.active >= this.options.maxConcurrentPasses) {
      this.again = true;
      return;
    }
    this.active++;
    const run = this.pass()
      .then((claimed) => {
        if (claimed >= this.options.batchSize) this.again = true;
      })
      .catch((err) => this.logger.error({ err: (err as Error).message }, 'outbox pass failed; will retry'))
      .finally(() => {
        this.active--;
        this.running.delete(run);
        if (this.again && !this.stopped) {
          this.again = false;
          this.wake();
        }
      });
    this.running.add(run);
  };

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.all([...this.running]);
  }

  /** Publishes everything due; resolves when a pass found nothing more (tests, shutdown). */
  async drain(): Promise<void> {
    await Promise.all([...this.running]);
    while ((await this.pass()) > 0);
  }

  private async pass(): Promise<number> {
    const rows = await this.db.query<ClaimedRow>(
      `update outbox set attempts = attempts + 1, next_attempt_at = clock_timestamp() + make_interval(secs => ?)
        where id in (select id from outbox where published_at is null and next_attempt_at <= clock_timestamp()
                      order by id limit ? for update skip locked)
        returning id, topic, event, created_at, attempts`,
      [this.options.leaseSeconds, this.options.batchSize],
    );
    await Promise.all(rows.map((row) => this.publishOne(row)));
    return rows.length;
  }

  private async publishOne(row: ClaimedRow): Promise<void> {
    const event = typeof row.event === 'string' ? (JSON.parse(row.event) as AnyEvent) : row.event;
    try {
      await this.runtime.publish(row.topic, event);
      await this.db.query('update outbox set published_at = clock_timestamp(), last_error = null where id = ?', [row.id]);
      this.published.inc({ topic: row.topic });
      this.lag.observe({ topic: row.topic }, (Date.now() - Date.parse(isoTime(row.created_at))) / 1000);
    } catch (err) {
      const backoff = Math.min(this.options.maxBackoffSeconds, 0.1 * 2 ** Math.min(row.attempts, 12));
      this.failures.inc({ topic: row.topic });
      this.logger.warn({ topic: row.topic, eventId: event.eventId, attempts: row.attempts, err: (err as Error).message }, 'outbox publish failed; will retry');
      await this.db
        .query('update outbox set next_attempt_at = clock_timestamp() + make_interval(secs => ?), last_error = ? where id = ?', [backoff, (err as Error).message.slice(0, 500), row.id])
        .catch(() => undefined);
    }
  }
}
