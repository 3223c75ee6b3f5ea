import { defineEntity } from '@mikro-orm/core';
import { Payment } from './payment';

/**
 * A Razorpay payment (pay_...) seen for one of our orders, with the furthest status it reached
 * (failed < authorized < captured). A second captured attempt for one order is a double charge.
 */
export const PaymentAttempt = defineEntity({
  name: 'PaymentAttempt',
  tableName: 'payment_attempts',
  properties: (p) => ({
    paymentId: p.text().primary(),
    payment: p
      .manyToOne(Payment)
      .fieldName('order_reference')
      .foreignKeyName('payment_attempts_order_reference_fkey')
      .updateRule('no action')
      .deleteRule('no action')
      .index('payment_attempts_order_idx'),
    status: p.enum(['failed', 'authorized', 'captured']),
    amountPaise: p.bigint('number'),
    currency: p.text(),
    method: p.text().nullable(),
    errorCode: p.text().nullable(),
    errorDescription: p.text().nullable(),
    errorReason: p.text().nullable(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('clock_timestamp()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('clock_timestamp()'),
  }),
});
