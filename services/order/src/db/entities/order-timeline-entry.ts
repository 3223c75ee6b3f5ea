import { defineEntity } from '@mikro-orm/core';

/** One saga step of an order, for support staff and tests (GET /orders/{id}/timeline). */
export const OrderTimelineEntry = defineEntity({
  name: 'OrderTimelineEntry',
  tableName: 'order_timeline',
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    orderId: p.uuid(),
    step: p.text(),
    detail: p.json<unknown>().columnType('jsonb').nullable(),
    at: p.datetime().columnType('timestamptz').defaultRaw('clock_timestamp()'),
  }),
  indexes: [{ name: 'order_timeline_order_idx', properties: ['orderId', 'id'] }],
});
