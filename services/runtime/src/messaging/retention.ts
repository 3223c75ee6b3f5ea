// Retention: deletes rows a service keeps only for a while (published outbox rows, inbox records,
// old dead letters, and the tables a service adds), in batches, on every replica at once. Each
// batch is one DELETE of rows its sub-select locked with SKIP LOCKED: replicas sweeping side by side
// take disjoint rows and never wait for each other, and each counts only the rows its own DELETE
// removed, so the replicas' counters add up to the rows deleted.
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { Database } from '../db/database';
import { intervalWorker, type IntervalWorker } from '../lifecycle/interval-worker';
import type { RetentionConfig } from './retention-config';

export interface RetentionRule {
  /** A table of the service's schema; the metric's `table` label. */
  table: string;
  /** The timestamp column a row's age counts from; a row where it is null is never deleted. */
  since: string;
  /** Rows older than this many days go. */
  days: number;
  /** What else a row must be to go (constant SQL, never input). */
  where?: string;
}

const SECONDS_PER_DAY = 86_400;

/** The runtime's own tables: published outbox rows, inbox records, dead letters. */
export function messagingRetentionRules(config: RetentionConfig): RetentionRule[] {
  return [
    { table: 'outbox', since: 'published_at', days: config.outboxDays },
    { table: 'inbox', since: 'processed_at', days: config.inboxDays },
    { table: 'dead_letters', since: 'received_at', days: config.deadLettersDays },
  ];
}

function deleteStatement(rule: RetentionRule): string {
  const extra = rule.where ? ` and (${rule.where})` : '';
  // ctid: one form for every table, whatever its key; the rows are locked, so it cannot move.
  return `with deleted as (
      delete from ${rule.table} where ctid = any(array(
        select ctid from ${rule.table}
         where ${rule.since} < clock_timestamp() - make_interval(secs => $1)${extra}
         limit $2 for update skip locked))
      returning 1)
    select count(*)::int as n from deleted`;
}

export type RetentionReport = Record<string, number>;

export interface RetentionWorker extends IntervalWorker<RetentionReport> {
  name: 'retention';
}

export function retentionWorker(
  db: Database,
  logger: Logger,
  registry: Registry,
  rules: RetentionRule[],
  options: { intervalMs: number; batchSize: number },
): RetentionWorker {
  const deleted = new Counter({
    name: 'retention_deleted_rows_total',
    help: 'Rows deleted by the retention sweep, by table',
    labelNames: ['table'],
    registers: [registry],
  });
  let stopping = false;

  /** Batch after batch until a short one (nothing more is due, or other replicas hold the rest). */
  async function sweep(rule: RetentionRule): Promise<number> {
    const sql = deleteStatement(rule);
    let total = 0;
    while (!stopping) {
      const [row] = await db.query<{ n: number }>(sql, [rule.days * SECONDS_PER_DAY, options.batchSize]);
      const n = Number(row?.n ?? 0);
      total += n;
      deleted.inc({ table: rule.table }, n);
      if (n < options.batchSize) break;
    }
    return total;
  }

  async function pass(): Promise<RetentionReport> {
    const report: RetentionReport = {};
    for (const rule of rules) report[rule.table] = await sweep(rule);
    return report;
  }

  const describe = (report: RetentionReport) => {
    const parts = Object.entries(report).filter(([, n]) => n > 0);
    return parts.length ? `retention deleted ${parts.map(([table, n]) => `${n} from ${table}`).join(', ')}` : undefined;
  };
  const worker = intervalWorker('retention', options.intervalMs, logger, pass, describe);
  return {
    ...worker,
    name: 'retention',
    start() {
      stopping = false;
      worker.start();
    },
    // A pass over a large backlog stops between batches instead of running to its end.
    async stop() {
      stopping = true;
      await worker.stop();
    },
  };
}
