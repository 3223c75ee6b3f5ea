import { defineEntity } from '@mikro-orm/core';

/** An event a consumer has processed, recorded in the same transaction as its effect (inbox.ts). */
export const InboxRecord = defineEntity({
  name: 'InboxRecord',
  tableName: 'inbox',
  properties: (p) => ({
    consumer: p.text().primary(),
    eventId: p.text().primary(),
    processedAt: p.datetime().columnType('timestamptz').defaultRaw('clock_timestamp()').index('inbox_processed_at_idx'),
  }),
  primaryKeys: ['consumer', 'eventId'],
});
