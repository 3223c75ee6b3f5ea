// Publishes committed outbox events through the runtime port. Events are handed over right after
// their commit (inserted already leased to this process: no claim statement); a poll publishes the
// rest (retries, another replica's rows, rows a crash left behind), claiming them with a lease
// (next_attempt_at in the future) in one statement. Either way the event is published with no
// transaction open, then marked published; marks are grouped into one UPDATE per round trip (group
// commit), so under load one statement marks many events. A crash in between lets the lease lapse
// and the row is published again (at-least-once; consumers deduplicate on eventId). Safe with
// several replicas.
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
  /**
   * Lease of an event handed over at commit. It bounds how long after a crash the poll picks the
   * event up, and must outlast a normal publication (the embedded runtime's publish waits for every
   * consumer), else the poll publishes it a second time (harmless, but wasted work).
   */
  handOverLeaseSeconds?: number;
  maxBackoffSeconds?: number;
  maxConcurrentPasses?: number;
}

interface ClaimedRow {
  topic: string;
  event: AnyEvent | string;
  created_at: Date | string;
  attempts: number;
}

/** An outbox row leased to this process and due to be published. */
export interface CommittedEvent {
  topic: string;
  event: AnyEvent;
  /** Commit time in ms since the epoch (for the lag metric). */
  createdAt: number;
  attempts: number;
}

const MARK_WINDOW_MS = 10;

interface PendingMark {
  eventId: string;
  done(err?: Error): void;
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
  private readonly marks: PendingMark[] = [];
  private marking = false;
  private markTimer?: NodeJS.Timeout;

  constructor(
    private readonly db: Database,
    private readonly runtime: RuntimePort,
    private readonly logger: Logger,
    registry: Registry,
    options: RelayOptions = {},
  ) {
    this.options = {
      pollIntervalMs: 1000,
      batchSize: 100,
      leaseSeconds: 30,
      handOverLeaseSeconds: 10,
      maxBackoffSeconds: 60,
      maxConcurrentPasses: 4,
      ...options,
    };
    this.published = new Counter({
      name: 'outbox_published_total',
      help: 'Outbox events published',
      labelNames: ['topic'],
      registers: [registry],
    });
    this.failures = new Counter({
      name: 'outbox_publish_failures_total',
      help: 'Failed outbox publish attempts',
      labelNames: ['topic'],
      registers: [registry],
    });
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
        const [row] = await database
          .query<{ n: string }>('select count(*) as n from outbox where published_at is null')
          .catch(() => [{ n: 'NaN' }]);
        this.set(Number(row?.n));
      },
    });
  }

  get handOverLeaseSeconds(): number {
    return this.options.handOverLeaseSeconds;
  }

  /** Events just committed by this process, leased to it at insert: published now, no claim. */
  publishCommitted(events: CommittedEvent[]): void {
    if (this.stopped) {
      // Shutting down: give the lease back, so the next process's poll publishes them at once
      // (best effort: if this fails too, the lease lapses on its own).
      void this.db
        .query(
          `update outbox set next_attempt_at = clock_timestamp() where event_id = any($1::text[]) and published_at is null`,
          [events.map((e) => e.event.eventId)],
        )
        .catch(() => undefined);
      return;
    }
    for (const event of events) this.track(this.publishOne(event));
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.timer.unref();
    this.wake();
  }

  /**
   * Asks for a poll pass now (the timer calls it). Up to `maxConcurrentPasses` run side by side
   * (rows are claimed with SKIP LOCKED, so they never overlap), so a backlog after an outage is
   * published in parallel. A wake while all are busy causes one more pass after.
   */
  wake = (): void => {
    if (this.stopped) return;
    if (this.active >= this.options.maxConcurrentPasses) {
      this.again = true;
      return;
    }
    this.active++;
    this.track(
      this.pass()
        .then((claimed) => {
          if (claimed >= this.options.batchSize) this.again = true;
        })
        .catch((err) => this.logger.error({ err: (err as Error).message }, 'outbox pass failed; will retry'))
        .finally(() => {
          this.active--;
          if (this.again && !this.stopped) {
            this.again = false;
            this.wake();
          }
        }),
    );
  };

  /** Kept until settled, so stop() and drain() wait for publications under way. */
  private track(work: Promise<void>): void {
    const tracked = work.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.all([...this.running]);
  }

  /** Publishes everything due; resolves when a pass found nothing more (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
    while ((await this.pass()) > 0);
  }

  private async pass(): Promise<number> {
    const rows = await this.db.query<ClaimedRow>(
      `update outbox set attempts = attempts + 1, next_attempt_at = clock_timestamp() + make_interval(secs => $1)
        where id in (select id from outbox where published_at is null and next_attempt_at <= clock_timestamp()
                      order by id limit $2 for update skip locked)
        returning topic, event, created_at, attempts`,
      [this.options.leaseSeconds, this.options.batchSize],
    );
    await Promise.all(
      rows.map((row) =>
        this.publishOne({
          topic: row.topic,
          event: typeof row.event === 'string' ? (JSON.parse(row.event) as AnyEvent) : row.event,
          createdAt: Date.parse(isoTime(row.created_at)),
          attempts: row.attempts,
        }),
      ),
    );
    return rows.length;
  }

  private async publishOne(row: CommittedEvent): Promise<void> {
    const { event } = row;
    try {
      await this.runtime.publish(row.topic, event);
      await this.markPublished(event.eventId);
      this.published.inc({ topic: row.topic });
      this.lag.observe({ topic: row.topic }, (Date.now() - row.createdAt) / 1000);
    } catch (err) {
      const backoff = Math.min(this.options.maxBackoffSeconds, 0.1 * 2 ** Math.min(row.attempts, 12));
      this.failures.inc({ topic: row.topic });
      this.logger.warn(
        { topic: row.topic, eventId: event.eventId, attempts: row.attempts, err: (err as Error).message },
        'outbox publish failed; will retry',
      );
      await this.db
        .query(
          'update outbox set next_attempt_at = clock_timestamp() + make_interval(secs => $1), last_error = $2 where event_id = $3',
          [backoff, (err as Error).message.slice(0, 500), event.eventId],
        )
        .catch(() => undefined);
    }
  }

  /**
   * Group commit of the "published" marks: they are collected for MARK_WINDOW_MS, and while one
   * UPDATE is on its way the marks that arrive wait and go together in the next, so the statements
   * per event fall as the load grows. A mark is bookkeeping only (the hand-over lease keeps the
   * poll away meanwhile), so the wait delays nothing a saga waits for.
   */
  private markPublished(eventId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.marks.push({ eventId, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.marking && !this.markTimer) {
        this.markTimer = setTimeout(() => {
          this.markTimer = undefined;
          void this.flushMarks();
        }, MARK_WINDOW_MS);
      }
    });
  }

  private async flushMarks(): Promise<void> {
    this.marking = true;
    while (this.marks.length > 0) {
      const batch = this.marks.splice(0, 1000);
      // One JSON array parameter, so the statement's text (and its prepared plan) never changes.
      const err = await this.db
        .query(
          `update outbox set published_at = clock_timestamp(), last_error = null where event_id = any($1::text[])`,
          [batch.map((m) => m.eventId)],
        )
        .then(
          () => undefined,
          (e: Error) => e,
        );
      for (const mark of batch) mark.done(err);
    }
    this.marking = false;
  }
}
