import { defineEntity } from '@mikro-orm/core';

/** Stock held for one order's checkout until it is sold, released or expires. */
export const Hold = defineEntity({
  name: 'Hold',
  tableName: 'holds',
  properties: (p) => ({
    orderReference: p.text().primary(),
    status: p.enum(['HELD', 'RELEASED', 'SOLD', 'EXPIRED']),
    reason: p.text().nullable(),
    expiresAt: p.datetime().columnType('timestamptz'),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    /** A sold hold whose order was rejected gave its stock back: set once, so it is given back once. */
    restockedAt: p.datetime().columnType('timestamptz').nullable(),
  }),
  indexes: [
    {
      name: 'holds_expiry_idx',
      expression: (table, _, name) => `create index ${name} on ${table} (expires_at) where status = 'HELD'`,
    },
  ],
});
