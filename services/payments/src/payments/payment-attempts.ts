// Every Razorpay payment (pay_...) made against one of our orders, at the furthest status it reached.
// Statuses only move forward (failed < authorized < captured): late authorisation moves a failed
// attempt on; a late payment.failed never moves a captured one back.
import type { Queryable } from '@saga/runtime';

export type AttemptStatus = 'failed' | 'authorized' | 'captured';

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

function upsertAttempt(orderReference: string, payment: Attempt, status: AttemptStatus): [string, unknown[]] {
  return [
    `insert into payment_attempts (payment_id, order_reference, status, amount_paise, currency, method, error_code, error_description, error_reason)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (payment_id) do update set status = excluded.status, method = coalesce(excluded.method, payment_attempts.method), updated_at = clock_timestamp()
       where array_position(array['failed', 'authorized', 'captured'], excluded.status) > array_position(array['failed', 'authorized', 'captured'], payment_attempts.status)
     returning payment_id`,
    [
      payment.id, orderReference, status, payment.amount, payment.currency, payment.method ?? null,
      payment.error_code ?? null, payment.error_description ?? null, payment.error_reason ?? null,
    ],
  ];
}

/** Records the attempt; true when this call inserted it or moved it forward. */
export async function recordAttempt(tx: Queryable, orderReference: string, payment: Attempt, status: AttemptStatus): Promise<boolean> {
  const rows = await tx.query(...upsertAttempt(orderReference, payment, status));
  return rows.length > 0;
}

/** Records the attempt when nobody needs to know whether it was news (pipelined in a transaction). */
export async function noteAttempt(tx: Queryable, orderReference: string, payment: Attempt, status: AttemptStatus): Promise<void> {
  await tx.send(...upsertAttempt(orderReference, payment, status));
}
