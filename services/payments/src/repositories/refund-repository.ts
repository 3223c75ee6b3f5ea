// Refunds (refunds table): one row per Razorpay payment to refund. A row is REQUESTED until Razorpay
// holds the refund (PROCESSED) or refused it for good (FAILED). `next_attempt_at` is both the lease
// of the attempt in progress and the backoff after a failed one: an attempt runs on one replica at a
// time. The operator's reads (list, find, the pending gauge) go through the EntityManager. The
// leases stay SQL: each is one conditional `update … returning` (with `for update skip locked` for a
// batch) that an EntityManager cannot say without raw SQL; request and markProcessed run in the
// caller's outbox transaction on the pg pool, which the EntityManager (its own pool) cannot join.
import type { InferEntity } from '@mikro-orm/core';
import { type Database, type Queryable, isoTime } from '@saga/runtime';
import { Refund } from '../db/entities';
import { refundKeyFor } from '../refunds/refund-key';

type RefundEntity = InferEntity<typeof Refund>;
export type RefundStatus = RefundEntity['status'];

export interface RefundRow {
  payment_id: string;
  order_reference: string;
  idempotency_key: string;
  amount_paise: string;
  currency: string;
  reason: string;
  requested_by: RefundEntity['requestedBy'];
  status: RefundStatus;
  razorpay_refund_id: string | null;
  /** Attempts started, this one included. */
  attempts: number;
  last_error: string | null;
}

/** A refund as the operator's list shows it. */
export interface RefundListRow extends RefundRow {
  requested_at: string;
  processed_at: string | null;
}

export interface RefundRequest {
  paymentId: string;
  orderReference: string;
  amount: number;
  currency: string;
  reason: string;
  requestedBy: RefundRow['requested_by'];
}

interface RefundRowRow {
  payment_id: string;
  order_reference: string;
  idempotency_key: string;
  amount_paise: string | number;
  currency: string;
  reason: string;
  requested_by: RefundRow['requested_by'];
  status: RefundStatus;
  razorpay_refund_id: string | null;
  attempts: number;
  last_error: string | null;
}
const REFUND_COLUMNS =
  'payment_id, order_reference, idempotency_key, amount_paise, currency, reason, requested_by, status, razorpay_refund_id, attempts, last_error';
const toRefundRow = (row: RefundRowRow): RefundRow => ({
  payment_id: row.payment_id,
  order_reference: row.order_reference,
  idempotency_key: row.idempotency_key,
  amount_paise: String(row.amount_paise),
  currency: row.currency,
  reason: row.reason,
  requested_by: row.requested_by,
  status: row.status,
  razorpay_refund_id: row.razorpay_refund_id,
  attempts: Number(row.attempts),
  last_error: row.last_error,
});

const toRefundListRow = (refund: RefundEntity): RefundListRow => ({
  payment_id: refund.paymentId,
  order_reference: refund.orderReference,
  idempotency_key: refund.idempotencyKey,
  amount_paise: String(refund.amountPaise),
  currency: refund.currency,
  reason: refund.reason,
  requested_by: refund.requestedBy,
  status: refund.status,
  razorpay_refund_id: refund.razorpayRefundId ?? null,
  attempts: refund.attempts,
  last_error: refund.lastError ?? null,
  requested_at: isoTime(refund.requestedAt),
  processed_at: refund.processedAt ? isoTime(refund.processedAt) : null,
});

export const refundRepository = {
  /** Inside the caller's transaction; false when the payment's refund was requested before (by anyone). */
  async request(tx: Queryable, r: RefundRequest): Promise<boolean> {
    const rows = await tx.query<{ payment_id: string }>(
      `insert into refunds (payment_id, order_reference, idempotency_key, amount_paise, currency, reason, requested_by)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (payment_id) do nothing returning payment_id`,
      // Razorpay notes hold at most 256 characters; the stored reason is what is sent on every attempt.
      [
        r.paymentId,
        r.orderReference,
        refundKeyFor(r.paymentId),
        r.amount,
        r.currency,
        r.reason.slice(0, 256),
        r.requestedBy,
      ],
    );
    return rows.length > 0;
  },

  /** Leases one refund for an attempt if it is due and nobody holds it. */
  async claim(db: Queryable, paymentId: string, leaseSeconds: number): Promise<RefundRow | undefined> {
    const [row] = await db.query<RefundRowRow>(
      `update refunds set attempts = attempts + 1, next_attempt_at = clock_timestamp() + make_interval(secs => $1)
        where payment_id = $2 and status = 'REQUESTED' and next_attempt_at <= clock_timestamp() returning ${REFUND_COLUMNS}`,
      [leaseSeconds, paymentId],
    );
    return row && toRefundRow(row);
  },

  /** Leases up to `limit` due refunds; replicas side by side never take the same one. */
  async claimDue(db: Queryable, limit: number, leaseSeconds: number): Promise<RefundRow[]> {
    const rows = await db.query<RefundRowRow>(
      `update refunds set attempts = attempts + 1, next_attempt_at = clock_timestamp() + make_interval(secs => $1)
        where payment_id in (select payment_id from refunds where status = 'REQUESTED' and next_attempt_at <= clock_timestamp()
                              order by next_attempt_at limit $2 for update skip locked)
        returning ${REFUND_COLUMNS}`,
      [leaseSeconds, limit],
    );
    return rows.map(toRefundRow);
  },

  /** The attempt failed in a way that may pass: the refund is tried again after `delayMs`. */
  async reschedule(db: Queryable, paymentId: string, error: string, delayMs: number): Promise<void> {
    await db.query(
      `update refunds set last_error = $1, next_attempt_at = clock_timestamp() + make_interval(secs => $2) where payment_id = $3 and status = 'REQUESTED'`,
      [error.slice(0, 1000), delayMs / 1000, paymentId],
    );
  },

  /** Refused for good: a person must look. True when this call failed it. */
  async fail(db: Queryable, paymentId: string, error: string): Promise<boolean> {
    const rows = await db.query<{ payment_id: string }>(
      `update refunds set status = 'FAILED', last_error = $1 where payment_id = $2 and status = 'REQUESTED' returning payment_id`,
      [error.slice(0, 1000), paymentId],
    );
    return rows.length > 0;
  },

  /** Inside the completing transaction; the row when this call made it PROCESSED. */
  async markProcessed(tx: Queryable, paymentId: string, razorpayRefundId: string): Promise<RefundRow | undefined> {
    const [row] = await tx.query<RefundRowRow>(
      `update refunds set status = 'PROCESSED', razorpay_refund_id = $1, processed_at = clock_timestamp(), last_error = null
        where payment_id = $2 and status = 'REQUESTED' returning ${REFUND_COLUMNS}`,
      [razorpayRefundId, paymentId],
    );
    return row && toRefundRow(row);
  },

  /** Refunds in a status (all when none is given), oldest request first (the operator's read view: EntityManager). */
  async list(db: Database, status: RefundStatus | undefined, limit: number): Promise<RefundListRow[]> {
    const refunds = await db.em().find(Refund, status ? { status } : {}, { orderBy: { requestedAt: 'asc' }, limit });
    return refunds.map(toRefundListRow);
  },

  /**
   * A person asks for a FAILED refund to be tried again: REQUESTED once more, under the same
   * idempotency key (so Razorpay makes it at most once however often it is asked for), and leased to
   * the caller for its attempt at once, as claim does (no worker pass takes it meanwhile).
   * Undefined when it is not FAILED (already retried, still being tried, or processed).
   */
  async reopenFailed(db: Queryable, paymentId: string, leaseSeconds: number): Promise<RefundRow | undefined> {
    const [row] = await db.query<RefundRowRow>(
      `update refunds set status = 'REQUESTED', attempts = attempts + 1, next_attempt_at = clock_timestamp() + make_interval(secs => $1)
        where payment_id = $2 and status = 'FAILED' returning ${REFUND_COLUMNS}`,
      [leaseSeconds, paymentId],
    );
    return row && toRefundRow(row);
  },

  /** One refund as the operator's view shows it (EntityManager). */
  async find(db: Database, paymentId: string): Promise<RefundListRow | undefined> {
    const refund = await db.em().findOne(Refund, { paymentId });
    return refund ? toRefundListRow(refund) : undefined;
  },

  /** Refunds requested and not yet accepted by Razorpay (an operator's gauge: a read, through the EntityManager). */
  countPending(db: Database): Promise<number> {
    return db.em().count(Refund, { status: 'REQUESTED' });
  },
};
