import { defineEntity } from '@mikro-orm/core';

/** A message a consumer failed to process after every retry, kept to inspect and replay (npm run dlq). */
export const DeadLetter = defineEntity({
  name: 'DeadLetter',
  tableName: 'dead_letters',
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    topic: p.text(),
    eventId: p.text(),
    eventType: p.text(),
    event: p.json<unknown>().columnType('json'),
    receivedAt: p.datetime().columnType('timestamptz').defaultRaw('clock_timestamp()'),
    replayedAt: p.datetime().columnType('timestamptz').nullable(),
    replayCount: p.integer().default(0),
    lastReplayError: p.text().nullable(),
  }),
  uniques: [{ name: 'dead_letters_topic_event_id_key', properties: ['topic', 'eventId'] }],
});
