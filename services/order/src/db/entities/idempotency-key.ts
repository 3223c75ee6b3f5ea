import { defineEntity } from '@mikro-orm/core';

/** Idempotency-Key: one row per (customer, key); the answer is stored once the checkout succeeded. */
export const IdempotencyKey = defineEntity({
  name: 'IdempotencyKey',
  tableName: 'idempotency_keys',
  properties: (p) => ({
    customerId: p.text().primary(),
    key: p.text().primary(),
    requestHash: p.text(),
    status: p.enum(['IN_PROGRESS', 'COMPLETED']),
    orderId: p.uuid().nullable(),
    response: p.json<unknown>().columnType('json').nullable(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  }),
  primaryKeys: ['customerId', 'key'],
});
