// Which payments reconciliation looks at:
//   open       INTENT_CREATED, AUTHORIZED or FAILED (the customer may still pay on the Razorpay
//              order), older than the webhooks' head start and younger than the horizon;
//   unsettled  CAPTURED, and the order service has not said what it did with it (settled_at null)
//              some time after the capture.
// `next_reconcile_at` is first a lease (while one replica checks the payment, no other takes it),
// then, once the check is done, the time of the payment's next check (backoff).
import { ANY_OF_JSON_ARRAY, type Queryable } from '@saga/runtime';
import type { PaymentRecord } from '../payments/payment-record';

export interface ReconcileRow extends PaymentRecord {
  captured_at: Date | string | null;
  /** Checks of this payment so far, this one included (reset when it is captured). */
  reconcile_checks: number;
}

export interface ClaimOptions {
  limit: number;
  /** Outlasts one check with its Razorpay calls (timeouts and retries included). */
  leaseSeconds: number;
  minAgeSeconds: number;
  maxAgeHours: number;
  settleAfterSeconds: number;
}

export interface Backoff {
  /** Delay after the first check of an open payment (0: checked on every pass); doubles with each check. */
  openBaseSeconds: number;
  /** Same for a captured payment still unsettled after it was confirmed again. */
  unsettledBaseSeconds: number;
  maxSeconds: number;
}

const DUE = `coalesce(next_reconcile_at, '-infinity'::timestamptz) <= clock_timestamp()`;
const OPEN_DUE = `status in ('INTENT_CREATED', 'AUTHORIZED', 'FAILED') and provider_order_id is not null
                 and created_at <= clock_timestamp() - make_interval(secs => ?)
                 and created_at > clock_timestamp() - make_interval(hours => ?)`;

export async function claimPaymentsToReconcile(db: Queryable, o: ClaimOptions): Promise<ReconcileRow[]> {
  return db.query<ReconcileRow>(
    `update payments set reconcile_checks = reconcile_checks + 1, next_reconcile_at = clock_timestamp() + make_interval(secs => ?)
      where order_reference in (
        select order_reference from payments
         where ${DUE}
           and ((${OPEN_DUE})
             or (status = 'CAPTURED' and settled_at is null
                 and coalesce(captured_at, updated_at) <= clock_timestamp() - make_interval(secs => ?)))
         order by coalesce(next_reconcile_at, '-infinity'::timestamptz)
         limit ? for update skip locked)
      returning *`,
    [o.leaseSeconds, o.minAgeSeconds, o.maxAgeHours, o.settleAfterSeconds, o.limit],
  );
}

/**
 * When the open payments due now were created (Unix seconds, first and last), to list their
 * Razorpay orders in one sweep; undefined when none is due. Reads only: nothing is leased.
 */
export async function openDueWindow(db: Queryable, o: ClaimOptions): Promise<{ from: number; to: number; count: number } | undefined> {
  const [row] = await db.query<{ first: string | null; last: string | null; n: string }>(
    `select extract(epoch from min(created_at)) as first, extract(epoch from max(created_at)) as last, count(*) as n
       from payments where ${DUE} and ${OPEN_DUE}`,
    [o.minAgeSeconds, o.maxAgeHours],
  );
  if (!row || row.first === null || row.last === null) return undefined;
  return { from: Math.floor(Number(row.first)), to: Math.ceil(Number(row.last)), count: Number(row.n) };
}

/** The next check, base × 2^(checks-1) capped at the longest wait (parameters: max, unsettled base, open base). */
const NEXT_CHECK = `clock_timestamp() + make_interval(secs => least(?::float8,
            (case when payments.status = 'CAPTURED' then ?::float8 else ?::float8 end) * power(2, least(greatest(payments.reconcile_checks - 1, 0), 16))))`;

/**
 * The check is done: the lease becomes the time of the next check, base × 2^(checks-1) capped.
 * Only while the payment is where the check found it: a payment the check confirmed starts over
 * (markCaptured cleared its schedule) and waits for its settle time.
 */
export async function scheduleNextCheck(db: Queryable, row: ReconcileRow, b: Backoff): Promise<void> {
  await db.query(
    `update payments set next_reconcile_at = ${NEXT_CHECK}
      where order_reference = ? and status = ? and next_reconcile_at is not null`,
    [b.maxSeconds, b.unsettledBaseSeconds, b.openBaseSeconds, row.order_reference, row.status],
  );
}

/**
 * A check without a call, for the open payments due now whose Razorpay order has no payment attempt
 * (the bulk scan saw it `created`): counted as a check and scheduled for the next one, like
 * claim + scheduleNextCheck, in one UPDATE. Rows another replica holds (locked or leased) are left
 * alone. Returns how many payments it scheduled.
 */
export async function scheduleUnattempted(db: Queryable, providerOrderIds: string[], o: ClaimOptions, b: Backoff): Promise<number> {
  if (!providerOrderIds.length) return 0;
  const rows = await db.query<{ order_reference: string }>(
    `update payments set reconcile_checks = reconcile_checks + 1,
            next_reconcile_at = clock_timestamp() + make_interval(secs => least(?::float8, ?::float8 * power(2, least(greatest(reconcile_checks, 0), 16))))
      where order_reference in (
        select order_reference from payments
         where provider_order_id = ${ANY_OF_JSON_ARRAY}
           and ${DUE} and ${OPEN_DUE}
         for update skip locked)
      returning order_reference`,
    [b.maxSeconds, b.openBaseSeconds, JSON.stringify(providerOrderIds), o.minAgeSeconds, o.maxAgeHours],
  );
  return rows.length;
}

/** scheduleNextCheck for many checked payments in one UPDATE (same rule, row by row). */
export async function scheduleNextChecks(db: Queryable, rows: ReconcileRow[], b: Backoff): Promise<void> {
  if (!rows.length) return;
  const checked = JSON.stringify(rows.map((r) => ({ order_reference: r.order_reference, status: r.status })));
  await db.query(
    `update payments set next_reconcile_at = ${NEXT_CHECK}
      from jsonb_to_recordset(?::jsonb) as checked(order_reference text, status text)
      where payments.order_reference = checked.order_reference and payments.status = checked.status and payments.next_reconcile_at is not null`,
    [b.maxSeconds, b.unsettledBaseSeconds, b.openBaseSeconds, checked],
  );
}
