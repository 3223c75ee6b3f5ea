// The refunds table: one row per Razorpay payment to refund. A row is REQUESTED until Razorpay holds
// the refund (PROCESSED) or refused it for good (FAILED). `next_attempt_at` is both the lease of the
// attempt in progress and the backoff after a failed one: an attempt runs on one replica at a time.
import type { Queryable } from '@saga/runtime';
import { refundKeyFor } from './refund-key';

export interface RefundRow {
  payment_id: string;
  order_reference: string;
  idempotency_key: string;
  amount_paise: string;
  currency: string;
  reason: string;
  requested_by: 'order' | 'payments';
  status: 'REQUESTED' | 'PROCESSED' | 'FAILED';
  razorpay_refund_id: string | null;
  /** Attempts started, this one included. */
  attempts: number;
  last_error: string | null;
}

export interface RefundRequest {
  paymentId: string;
  orderReference: string;
  amount: number;
  currency: string;
  reason: string;
  requestedBy: RefundRow['requested_by'];
}

/** Inside the caller's transaction; false when the payment's refund was requested before (by anyone). */
export async function requestRefund(tx: Queryable, r: RefundRequest): Promise<boolean> {
  const rows = await tx.query(
    `insert into refunds (payment_id, order_reference, idempotency_key, amount_paise, currency, reason, requested_by)
     values (?, ?, ?, ?, ?, ?, ?) on conflict (payment_id) do nothing returning payment_id`,
    // Razorpay notes hold at most 256 characters; the stored reason is what is sent on every attempt.
    [r.paymentId, r.orderReference, refundKeyFor(r.paymentId), r.amount, r.currency, r.reason.slice(0, 256), r.requestedBy],
  );
  return rows.length > 0;
}

/** Leases one refund for an attempt if it is due and nobody holds it. */
export async function claimRefund(db: Queryable, paymentId: string, leaseSeconds: number): Promise<RefundRow | undefined> {
  const [row] = await db.query<RefundRow>(
    `update refunds set attempts = attempts + 1, next_attempt_at = clock_timestamp() + make_interval(secs => ?)
      where payment_id = ? and status = 'REQUESTED' and next_attempt_at <= clock_timestamp() returning *`,
    [leaseSeconds, paymentId],
  );
  return row;
}

/** Leases up to `limit` due refunds; replicas side by side never take the same one. */
export async function claimDueRefunds(db: Queryable, limit: number, leaseSeconds: number): Promise<RefundRow[]> {
  return db.query<RefundRow>(
    `update refunds set attempts = attempts + 1, next_attempt_at = clock_timestamp() + make_interval(secs => ?)
      where payment_id in (select payment_id from refunds where status = 'REQUESTED' and next_attempt_at <= clock_timestamp()
                            order by next_attempt_at limit ? for update skip locked)
      returning *`,
    [leaseSeconds, limit],
  );
}

/** The attempt failed in a way that may pass: the refund is tried again after `delayMs`. */
export async function rescheduleRefund(db: Queryable, paymentId: string, error: string, delayMs: number): Promise<void> {
  await db.query(
    `update refunds set last_error = ?, next_attempt_at = clock_timestamp() + make_interval(secs => ?) where payment_id = ? and status = 'REQUESTED'`,
    [error.slice(0, 1000), delayMs / 1000, paymentId],
  );
}

export async function failRefund(db: Queryable, paymentId: string, error: string): Promise<boolean> {
  const rows = await db.query(`update refunds set status = 'FAILED', last_error = ? where payment_id = ? and status = 'REQUESTED' returning payment_id`, [
    error.slice(0, 1000),
    paymentId,
  ]);
  return rows.length > 0;
}

/** Inside the completing transaction; the row when this call made it PROCESSED. */
export async function markRefundProcessed(tx: Queryable, paymentId: string, razorpayRefundId: string): Promise<RefundRow | undefined> {
  const [row] = await tx.query<RefundRow>(
    `update refunds set status = 'PROCESSED', razorpay_refund_id = ?, processed_at = clock_timestamp(), last_error = null
      where payment_id = ? and status = 'REQUESTED' returning *`,
    [razorpayRefundId, paymentId],
  );
  return row;
}

export type RefundStatus = RefundRow['status'];

export interface RefundListRow extends RefundRow {
  requested_at: Date | string;
  processed_at: Date | string | null;
}

/** Refunds in a status (all when none is given), oldest request first. */
export async function listRefunds(db: Queryable, status: RefundStatus | undefined, limit: number): Promise<RefundListRow[]> {
  return db.query<RefundListRow>(
    `select payment_id, order_reference, idempotency_key, amount_paise, currency, reason, requested_by, status, razorpay_refund_id, attempts, last_error, requested_at, processed_at
       from refunds where (?::text is null or status = ?) order by requested_at limit ?`,
    [status ?? null, status ?? null, limit],
  );
}

/**
 * A person asks for a FAILED refund to be tried again: REQUESTED once more, under the same
 * idempotency key (so Razorpay makes it at most once however often it is asked for), and leased to
 * the caller for its attempt at once, as claimRefund does (no worker pass takes it meanwhile).
 * Undefined when it is not FAILED (already retried, still being tried, or processed).
 */
export async function reopenFailedRefund(db: Queryable, paymentId: string, leaseSeconds: number): Promise<RefundRow | undefined> {
  const [row] = await db.query<RefundRow>(
    `update refunds set status = 'REQUESTED', attempts = attempts + 1, next_attempt_at = clock_timestamp() + make_interval(secs => ?)
      where payment_id = ? and status = 'FAILED' returning *`,
    [leaseSeconds, paymentId],
  );
  return row;
}

export async function findRefund(db: Queryable, paymentId: string): Promise<RefundListRow | undefined> {
  const [row] = await db.query<RefundListRow>(
    `select payment_id, order_reference, idempotency_key, amount_paise, currency, reason, requested_by, status, razorpay_refund_id, attempts, last_error, requested_at, processed_at
       from refunds where payment_id = ?`,
    [paymentId],
  );
  return row;
}
