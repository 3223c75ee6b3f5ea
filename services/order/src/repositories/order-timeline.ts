// The order's timeline: its rows, written alone or with the change to the order that causes them,
// and read back oldest first.
import type { TimelineStep } from '@saga/contracts';
import type { Database, Queryable } from '@saga/runtime';
import { OrderTimelineEntry } from '../db/entities';
import { type TimelineRow, fromTimelineEntity } from './order-rows';

/** The steps are the contract's (KNOWN_TIMELINE_STEPS): a step recorded here and missing there does not compile. */
export type { TimelineStep };

export type Step = [step: TimelineStep, detail?: Record<string, unknown>];

/** One row, sent with the caller's next statement. */
export async function recordStep(
  q: Queryable,
  orderId: string,
  step: TimelineStep,
  detail?: Record<string, unknown>,
): Promise<void> {
  // Hand-written, hot path (every saga step writes one): see HOT_PATH_SQL in order-repository.ts.
  await q.send('insert into order_timeline (order_id, step, detail) values ($1, $2, $3)', [
    orderId,
    step,
    detailOf(detail),
  ]);
}

/** Several rows, in the order given. */
export async function recordSteps(q: Queryable, orderId: string, steps: Step[]): Promise<void> {
  for (const [step, detail] of steps) await recordStep(q, orderId, step, detail);
}

/** The order's rows, oldest first: a read view off the saga's path, the EntityManager's. */
export async function readTimeline(db: Database, orderId: string): Promise<TimelineRow[]> {
  const entries = await db.em().find(OrderTimelineEntry, { orderId }, { orderBy: { id: 'asc' } });
  return entries.map(fromTimelineEntity);
}

/**
 * A change to one order (an insert into or an update of `orders`, without `returning`, its
 * parameters `$1`..`$n`) and the timeline rows it causes, as one statement: a data-modifying CTE.
 * The rows are written only if the change touched the order, in the order given. Resolves whether it did.
 *
 * Why one statement: on the saga's hot path each statement costs PostgreSQL and the driver about
 * as much as the work it does, and a change that is the transaction's only write then needs no
 * BEGIN and COMMIT at all (see BENCHMARKS.md).
 */
export async function changeWithSteps(
  q: Queryable,
  change: string,
  params: unknown[],
  steps: Step[],
): Promise<boolean> {
  const [sql, all] = withSteps(change, params, steps);
  return (await q.query(sql, all)).length > 0;
}

/** The same, for a transaction that does not need the answer: it leaves with the next statement. */
export async function sendChangeWithSteps(
  q: Queryable,
  change: string,
  params: unknown[],
  steps: Step[],
): Promise<void> {
  const [sql, all] = withSteps(change, params, steps);
  await q.send(sql, all);
}

function withSteps(change: string, params: unknown[], steps: Step[]): [string, unknown[]] {
  if (!steps.length) throw new Error('a change with its timeline needs at least one step');
  const at = (n: number) => params.length + 2 * n + 1;
  const rows = steps
    .map((_, n) => (n === 0 ? `(0, $${at(n)}::text, $${at(n) + 1}::jsonb)` : `(${n}, $${at(n)}, $${at(n) + 1})`))
    .join(', ');
  const sql = `with changed as (${change} returning order_id),
    steps as (insert into order_timeline (order_id, step, detail)
      select changed.order_id, s.step, s.detail from changed, (values ${rows}) as s(n, step, detail) order by s.n)
    select order_id from changed`;
  return [sql, [...params, ...steps.flatMap(([step, detail]) => [step, detailOf(detail)])]];
}

function detailOf(detail: Record<string, unknown> | undefined): string | null {
  return detail ? JSON.stringify(detail) : null;
}
