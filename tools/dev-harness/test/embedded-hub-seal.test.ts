// The embedded hub delivers only once it is sealed (every service of the process subscribed).
// Before that, "delivered to nobody" would let a relay mark published an event whose consumer had
// not started yet: the hub refuses, and the event stays in the outbox until it can be delivered.
import { Registry } from 'prom-client';
import type { AnyEvent } from '@saga/contracts';
import { Database, OutboxRelay, createLogger, insertOutboxEvent, messagingMigration, newEvent } from '@saga/runtime';
import { EmbeddedHub, HubNotSealedError } from '@saga/dev-harness';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';

const logger = createLogger({ level: 'silent' });
const TOPIC = 'order-events';

describe('sealing the embedded hub', () => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await Database.connect({
      url: database.url,
      schema: 'sealtest',
      migrations: [messagingMigration],
      poolSize: 2,
      logger,
      serverFeatures: true,
    });
    await db.migrate();
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  it('refuses a publish before it is sealed, even with no subscriber at all', async () => {
    const hub = new EmbeddedHub(logger);
    await expect(hub.publish(TOPIC, newEvent('OrderPlaced', { orderId: 'o-1' }))).rejects.toBeInstanceOf(
      HubNotSealedError,
    );
    await expect(hub.runtimeFor('order').checkReady()).rejects.toThrow(/not sealed/);
  });

  it('leaves an event a crash left in the outbox there until a consumer starting later has subscribed', async () => {
    const hub = new EmbeddedHub(logger);
    const relay = new OutboxRelay(db, hub.runtimeFor('order'), logger, new Registry(), { pollIntervalMs: 3_600_000 });
    // What a crashed process left: committed, never published, its hand-over lease lapsed.
    const leftover = newEvent('OrderPlaced', { orderId: 'o-2' });
    await insertOutboxEvent(db, TOPIC, leftover, 0);

    // The publisher's relay runs before the consumer exists.
    await relay.drain();
    const [row] = await db.query<{ published_at: Date | null; last_error: string | null }>(
      'select published_at, last_error from outbox where event_id = $1',
      [leftover.eventId],
    );
    expect(row).toEqual({ published_at: null, last_error: expect.stringMatching(/not sealed/) });

    // The consumer starts, the process is complete: the relay's next pass delivers it.
    const received: AnyEvent[] = [];
    hub
      .runtimeFor('notifications')
      .subscribe({ topic: TOPIC, handler: async (event) => void received.push(event.data) });
    hub.seal();
    await hub.runtimeFor('order').checkReady();
    await db.query('update outbox set next_attempt_at = clock_timestamp() where event_id = $1', [leftover.eventId]); // skip the backoff
    await relay.drain();
    expect(received.map((e) => e.eventId)).toEqual([leftover.eventId]);
    expect(
      (
        await db.query<{ published_at: Date | null }>('select published_at from outbox where event_id = $1', [
          leftover.eventId,
        ])
      )[0]!.published_at,
    ).not.toBeNull();
    await relay.stop();
  });
});
