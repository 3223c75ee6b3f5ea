// Every Razorpay payment (pay_...) made against one of our orders (payment_attempts), at the furthest
// status it reached. Statuses only move forward (failed < authorized < captured): late authorisation
// moves a failed attempt on; a late payment.failed never moves a captured one back. The upsert is on
// the saga's path (webhook processing) and stays hand-written SQL: a query builder per statement cost
// about 55 ms of CPU per saga against 38 ms for plain SQL (BENCHMARKS.md at 25d6c19).
import type { InferEntity } from '@mikro-orm/core';
import type { Database, Queryable } from '@saga/runtime';
import { PaymentAttempt } from '../db/entities';

export type AttemptStatus = InferEntity<typeof PaymentAttempt>['status'];

/** A Razorpay payment entity, as far as an attempt records it. */
export interface Attempt {
  id: string;
  amount: number;
  currency: string;
  method?: string | null;
  error_code?: string | null;
  error_description?: string | null;
  error_reason?: string | null;
}

/** An attempt as reconciliation compares it with Razorpay's view. */
export interface KnownAttempt {
  paymentId: string;
  status: AttemptStatus;
}

const toKnownAttempt = (attempt: Pick<InferEntity<typeof PaymentAttempt>, 'paymentId' | 'status'>): KnownAttempt => ({
  paymentId: attempt.paymentId,
  status: attempt.status,
});

function upsertAttempt(orderReference: string, payment: Attempt, status: AttemptStatus): [string, unknown[]] {
  return [
    `insert into payment_attempts (payment_id, order_reference, status, amount_paise, currency, method, error_code, error_description, error_reason)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (payment_id) do update set status = excluded.status, method = coalesce(excluded.method, payment_attempts.method), updated_at = clock_timestamp()
       where array_position(array['failed', 'authorized', 'captured'], excluded.status) > array_position(array['failed', 'authorized', 'captured'], payment_attempts.status)
     returning payment_id`,
    [
      payment.id,
      orderReference,
      status,
      payment.amount,
      payment.currency,
      payment.method ?? null,
      payment.error_code ?? null,
      payment.error_description ?? null,
      payment.error_reason ?? null,
    ],
  ];
}

export const paymentAttemptRepository = {
  /** Records the attempt; true when this call inserted it or moved it forward. */
  async record(tx: Queryable, orderReference: string, payment: Attempt, status: AttemptStatus): Promise<boolean> {
    // Hot (webhook processing): hand-written SQL, see the header.
    const rows = await tx.query<{ payment_id: string }>(...upsertAttempt(orderReference, payment, status));
    return rows.length > 0;
  },

  /** Records the attempt when nobody needs to know whether it was news (pipelined in a transaction). */
  async note(tx: Queryable, orderReference: string, payment: Attempt, status: AttemptStatus): Promise<void> {
    // Hot (confirmation): hand-written SQL, see the header.
    await tx.send(...upsertAttempt(orderReference, payment, status));
  },

  /** The attempts our records know for one order (reconciliation's read, through the EntityManager). */
  async listForOrder(db: Database, orderReference: string): Promise<KnownAttempt[]> {
    const attempts = await db
      .em()
      .find(PaymentAttempt, { payment: orderReference }, { fields: ['paymentId', 'status'] });
    return attempts.map(toKnownAttempt);
  },
};
