import { defineEntity } from '@mikro-orm/core';

/**
 * A notification for a vendor or a customer (its audience and recipient), kept until acknowledged.
 * One per source event and audience, however often it is delivered; `seq` orders the replay oldest
 * first and is its cursor. `vendorId` is filled for vendors' rows.
 */
export const Notification = defineEntity({
  name: 'Notification',
  tableName: 'notifications',
  properties: (p) => ({
    notificationId: p.uuid().primary(),
    seq: p.bigint('string').columnType('bigint').autoincrement().generated('identity').unique('notifications_seq_key'),
    vendorId: p.text().nullable(),
    event: p.text(),
    sourceEventId: p.text(),
    data: p.json<unknown>().columnType('jsonb'),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('clock_timestamp()'),
    ackedAt: p.datetime().columnType('timestamptz').nullable(),
    audience: p.enum(['vendor', 'customer']).default('vendor'),
    recipientId: p.text(),
  }),
  uniques: [{ name: 'notifications_source_event_audience_key', properties: ['sourceEventId', 'audience'] }],
  indexes: [
    // The retention sweep's: acknowledged notifications by acknowledgement time.
    {
      name: 'notifications_acked_at_idx',
      expression: (table, _, name) => `create index ${name} on ${table} (acked_at) where acked_at is not null`,
    },
    {
      name: 'notifications_unacked_recipient_idx',
      expression: (table, _, name) =>
        `create index ${name} on ${table} (audience, recipient_id, seq) where acked_at is null`,
    },
  ],
});
