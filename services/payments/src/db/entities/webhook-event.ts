import { defineEntity } from '@mikro-orm/core';

/**
 * A Razorpay webhook, stored once per X-Razorpay-Event-Id before it is acknowledged and processed
 * afterwards. `nextAttemptAt` is the lease of the replica processing it; `lastError` also says why
 * an event was IGNORED or FLAGGED.
 */
export const WebhookEvent = defineEntity({
  name: 'WebhookEvent',
  tableName: 'webhook_events',
  properties: (p) => ({
    eventId: p.text().primary(),
    eventType: p.text(),
    body: p.text(),
    status: p.enum(['RECEIVED', 'PROCESSED', 'IGNORED', 'FLAGGED']).default('RECEIVED'),
    receivedAt: p.datetime().columnType('timestamptz').defaultRaw('clock_timestamp()'),
    processedAt: p.datetime().columnType('timestamptz').nullable(),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime().columnType('timestamptz').defaultRaw('clock_timestamp()'),
    lastError: p.text().nullable(),
  }),
  indexes: [
    {
      name: 'webhook_events_pending_idx',
      expression: (table, _, name) => `create index ${name} on ${table} (next_attempt_at) where status = 'RECEIVED'`,
    },
    // The retention sweep's: finished events by age, and only those it may delete.
    {
      name: 'webhook_events_finished_idx',
      expression: (table, _, name) =>
        `create index ${name} on ${table} (processed_at) where status in ('PROCESSED', 'IGNORED')`,
    },
  ],
});
