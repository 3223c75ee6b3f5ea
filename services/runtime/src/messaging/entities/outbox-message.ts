import { defineEntity } from '@mikro-orm/core';

/** An event committed with the state change that caused it, published after commit (outbox-relay.ts). */
export const OutboxMessage = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox',
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    eventId: p.text().unique('outbox_event_id_key'),
    topic: p.text(),
    event: p.json<unknown>().columnType('json'),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('clock_timestamp()'),
    publishedAt: p.datetime().columnType('timestamptz').nullable(),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime().columnType('timestamptz').defaultRaw('clock_timestamp()'),
    lastError: p.text().nullable(),
  }),
  indexes: [
    {
      name: 'outbox_pending_idx',
      expression: (table, _, name) =>
        `create index ${name} on ${table} (next_attempt_at, id) where published_at is null`,
    },
    // The retention sweep's: only published rows can go.
    {
      name: 'outbox_published_at_idx',
      expression: (table, _, name) => `create index ${name} on ${table} (published_at) where published_at is not null`,
    },
  ],
});
