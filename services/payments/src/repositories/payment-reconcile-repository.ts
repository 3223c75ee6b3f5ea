// The payments reconciliation looks at, and its schedule on the payment record:
//   open       INTENT_CREATED, AUTHORIZED or FAILED (the customer may still pay on the Razorpay
//              order), older than the webhooks' head start and younger than the horizon;
//   unsettled  CAPTURED, and the order service has not said what it did with it (settled_at null)
//              some time after the capture.
// `next_reconcile_at` is first a lease (while one replica checks the payment, no other takes it),
// then, once the check is done, the time of the payment's next check (backoff). Hand-written SQL
// although off the saga's path: leases are `update … where … in (select … for update skip locked)`
// with a computed backoff, one statement each, which an EntityManager cannot say without raw SQL.
import { type Queryable, isoTime } from '@saga/runtime';
import type { PaymentRecord } from './payment-repository';

export interface ReconcileRow extends PaymentRecord {
  captured_at: string | null;
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

interface ReconcileRowRow {
  order_reference: string;
  provider_order_id: string;
  amount_paise: string | number;
  currency: string;
  status: ReconcileRow['status'];
  payment_id: string | null;
  method: string | null;
  captured_at: Date | string | null;
  reconcile_checks: number;
}
const RECONCILE_COLUMNS =
  'order_reference, provider_order_id, amount_paise, currency, status, payment_id, method, captured_at, reconcile_checks';
const toReconcileRow = (row: ReconcileRowRow): ReconcileRow => ({
  order_reference: row.order_reference,
  provider_order_id: row.provider_order_id,
  amount_paise: String(row.amount_paise),
  currency: row.currency,
  status: row.status,
  payment_id: row.payment_id,
  method: row.method,
  captured_at: row.captured_at === null ? null : isoTime(row.captured_at),
  reconcile_checks: Number(row.reconcile_checks),
});

interface DueWindowRow {
  first: string | null;
  last: string | null;
  n: string;
}
const toDueWindow = (row: DueWindowRow | undefined): { from: number; to: number; count: number } | undefined =>
  !row || row.first === null || row.last === null
    ? undefined
    : { from: Math.floor(Number(row.first)), to: Math.ceil(Number(row.last)), count: Number(row.n) };

const DUE = `coalesce(next_reconcile_at, '-infinity'::timestamptz) <= clock_timestamp()`;
/** Open and due for a look: `minAge` and `maxAge` are the placeholders of the age bounds (seconds, hours). */
const openDue = (
  minAge: string,
  maxAge: string,
) => `status in ('INTENT_CREATED', 'AUTHORIZED', 'FAILED') and provider_order_id is not null
                 and created_at <= clock_timestamp() - make_interval(secs => ${minAge})
                 and created_at > clock_timestamp() - make_interval(hours => ${maxAge})`;

/** The next check, base × 2^(checks-1) capped at the longest wait (placeholders $1 max, $2 unsettled base, $3 open base). */
const NEXT_CHECK = `clock_timestamp() + make_interval(secs => least($1::float8,
            (case when payments.status = 'CAPTURED' then $2::float8 else $3::float8 end) * power(2, least(greatest(payments.reconcile_checks - 1, 0), 16))))`;

export const paymentReconcileRepository = {
  /** Leases up to `limit` payments due for a check; replicas side by side never take the same one. */
  async claimDue(db: Queryable, o: ClaimOptions): Promise<ReconcileRow[]> {
    const rows = await db.query<ReconcileRowRow>(
      `update payments set reconcile_checks = reconcile_checks + 1, next_reconcile_at = clock_timestamp() + make_interval(secs => $1)
        where order_reference in (
          select order_reference from payments
           where ${DUE}
             and ((${openDue('$2', '$3')})
               or (status = 'CAPTURED' and settled_at is null
                   and coalesce(captured_at, updated_at) <= clock_timestamp() - make_interval(secs => $4)))
           order by coalesce(next_reconcile_at, '-infinity'::timestamptz)
           limit $5 for update skip locked)
        returning ${RECONCILE_COLUMNS}`,
      [o.leaseSeconds, o.minAgeSeconds, o.maxAgeHours, o.settleAfterSeconds, o.limit],
    );
    return rows.map(toReconcileRow);
  },

  /**
   * When the open payments due now were created (Unix seconds, first and last), to list their
   * Razorpay orders in one sweep; undefined when none is due. Reads only: nothing is leased.
   */
  async openDueWindow(
    db: Queryable,
    o: ClaimOptions,
  ): Promise<{ from: number; to: number; count: number } | undefined> {
    const [row] = await db.query<DueWindowRow>(
      `select extract(epoch from min(created_at)) as first, extract(epoch from max(created_at)) as last, count(*) as n
         from payments where ${DUE} and ${openDue('$1', '$2')}`,
      [o.minAgeSeconds, o.maxAgeHours],
    );
    return toDueWindow(row);
  },

  /**
   * The check is done: the lease becomes the time of the next check, base × 2^(checks-1) capped.
   * Only while the payment is where the check found it: a payment the check confirmed starts over
   * (markCaptured cleared its schedule) and waits for its settle time.
   */
  async scheduleNextCheck(db: Queryable, row: ReconcileRow, b: Backoff): Promise<void> {
    await db.query(
      `update payments set next_reconcile_at = ${NEXT_CHECK}
        where order_reference = $4 and status = $5 and next_reconcile_at is not null`,
      [b.maxSeconds, b.unsettledBaseSeconds, b.openBaseSeconds, row.order_reference, row.status],
    );
  },

  /**
   * A check without a call, for the open payments due now whose Razorpay order has no payment attempt
   * (the bulk scan saw it `created`): counted as a check and scheduled for the next one, like
   * claim + scheduleNextCheck, in one UPDATE. Rows another replica holds (locked or leased) are left
   * alone. Returns how many payments it scheduled.
   */
  async scheduleUnattempted(db: Queryable, providerOrderIds: string[], o: ClaimOptions, b: Backoff): Promise<number> {
    if (!providerOrderIds.length) return 0;
    const rows = await db.query<{ order_reference: string }>(
      `update payments set reconcile_checks = reconcile_checks + 1,
              next_reconcile_at = clock_timestamp() + make_interval(secs => least($1::float8, $2::float8 * power(2, least(greatest(reconcile_checks, 0), 16))))
        where order_reference in (
          select order_reference from payments
           where provider_order_id = any($3::text[])
             and ${DUE} and ${openDue('$4', '$5')}
           for update skip locked)
        returning order_reference`,
      [b.maxSeconds, b.openBaseSeconds, providerOrderIds, o.minAgeSeconds, o.maxAgeHours],
    );
    return rows.length;
  },

  /** scheduleNextCheck for many checked payments in one UPDATE (same rule, row by row). */
  async scheduleNextChecks(db: Queryable, rows: ReconcileRow[], b: Backoff): Promise<void> {
    if (!rows.length) return;
    const checked = JSON.stringify(rows.map((r) => ({ order_reference: r.order_reference, status: r.status })));
    await db.query(
      `update payments set next_reconcile_at = ${NEXT_CHECK}
        from jsonb_to_recordset($4::jsonb) as checked(order_reference text, status text)
        where payments.order_reference = checked.order_reference and payments.status = checked.status and payments.next_reconcile_at is not null`,
      [b.maxSeconds, b.unsettledBaseSeconds, b.openBaseSeconds, checked],
    );
  },

  /** Locks a payment while it is still captured and unsettled (an OrderPlaced may just have landed). */
  async lockUnsettledCapture(tx: Queryable, orderReference: string): Promise<ReconcileRow | undefined> {
    const [row] = await tx.query<ReconcileRowRow>(
      `select ${RECONCILE_COLUMNS} from payments where order_reference = $1 and status = 'CAPTURED' and settled_at is null for update`,
      [orderReference],
    );
    return row && toReconcileRow(row);
  },

  /** Captured payments the order service has not settled within the settle time (an operator's gauge). */
  async countCapturedUnsettled(db: Queryable, settleAfterSeconds: number): Promise<number> {
    const [row] = await db.query<{ n: string }>(
      `select count(*) as n from payments where status = 'CAPTURED' and settled_at is null and coalesce(captured_at, updated_at) <= clock_timestamp() - make_interval(secs => $1)`,
      [settleAfterSeconds],
    );
    return Number(row?.n);
  },
};
