import { defineEntity } from '@mikro-orm/core';

/** One payment record per order reference: the natural idempotency key of create-intent. */
export const Payment = defineEntity({
  name: 'Payment',
  tableName: 'payments',
  properties: (p) => ({
    orderReference: p.text().primary(),
    providerOrderId: p.text().nullable().unique('payments_provider_order_id_key'),
    amountPaise: p.bigint('number'),
    currency: p.text(),
    customerId: p.text().nullable(),
    status: p.enum(['INTENT_PENDING', 'INTENT_CREATED', 'AUTHORIZED', 'CAPTURED', 'FAILED', 'REFUNDED', 'VOIDED']),
    paymentId: p.text().nullable(),
    method: p.text().nullable(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    capturedAt: p.datetime().columnType('timestamptz').nullable(),
    /** The order service decided what this confirmed payment paid for; unsettled CAPTURED is confirmed again. */
    settledAt: p.datetime().columnType('timestamptz').nullable(),
    settledAs: p.enum(['ORDER_PLACED', 'ORDER_CANCELLED', 'REFUND_REQUESTED']).nullable(),
    /** Leases the payment to one reconciling replica and spaces its checks out (reconcileChecks: the backoff). */
    nextReconcileAt: p.datetime().columnType('timestamptz').nullable(),
    reconcileChecks: p.integer().default(0),
    statusReason: p.text().nullable(),
  }),
  checks: [{ name: 'payments_amount_paise_check', expression: 'amount_paise > 0' }],
  indexes: [
    {
      name: 'payments_reconcile_idx',
      expression: (table, _, name) =>
        `create index ${name} on ${table} (coalesce(next_reconcile_at, '-infinity'::timestamptz))
          where status in ('INTENT_CREATED', 'AUTHORIZED', 'FAILED') or (status = 'CAPTURED' and settled_at is null)`,
    },
  ],
});
