import { defineEntity } from '@mikro-orm/core';

/**
 * At most one refund per Razorpay payment, whoever asked for it. The idempotency key sent to
 * Razorpay derives from the payment id, so every retry asks for the same refund; `nextAttemptAt`
 * is the lease and the retry backoff at once.
 */
export const Refund = defineEntity({
  name: 'Refund',
  tableName: 'refunds',
  properties: (p) => ({
    paymentId: p.text().primary(),
    orderReference: p.text(),
    idempotencyKey: p.text().unique('refunds_idempotency_key_key'),
    amountPaise: p.bigint('number'),
    currency: p.text(),
    reason: p.text(),
    requestedBy: p.enum(['order', 'payments']),
    status: p.enum(['REQUESTED', 'PROCESSED', 'FAILED']).default('REQUESTED'),
    razorpayRefundId: p.text().nullable().unique('refunds_razorpay_refund_id_key'),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime().columnType('timestamptz').defaultRaw('clock_timestamp()'),
    lastError: p.text().nullable(),
    requestedAt: p.datetime().columnType('timestamptz').defaultRaw('clock_timestamp()'),
    processedAt: p.datetime().columnType('timestamptz').nullable(),
  }),
  checks: [
    { name: 'refunds_idempotency_key_check', expression: "idempotency_key ~ '^[A-Za-z0-9_-]{10,64}$'" },
    { name: 'refunds_amount_paise_check', expression: 'amount_paise > 0' },
  ],
  indexes: [
    {
      name: 'refunds_due_idx',
      expression: (table, _, name) => `create index ${name} on ${table} (next_attempt_at) where status = 'REQUESTED'`,
    },
  ],
});
