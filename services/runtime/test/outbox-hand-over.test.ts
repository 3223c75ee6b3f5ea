// The outbox hands an event to the relay right after its transaction commits (no claim, no poll),
// marks it published once delivered, and still publishes by poll what a crash left leased.
import { Registry } from 'prom-client';
import { type AnyEvent } from '@saga/contracts';
import {
  Database,
  OutboxRelay,
  createLogger,
  createOutbox,
  insertOutboxEvent,
  messagingMigration,
  newEvent,
  type RuntimePort,
} from '@saga/runtime';
import { EmbeddedHub } from '../../../tests/support/in-process-hub';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';

const logger = createLogger({ level: 'silent' });
const TOPIC = 'test-events';

describe('outbox hand-over to the relay', () => {
  let database: TestDatabase;
  let db: Database;
  let relay: OutboxRelay | undefined;
  let received: AnyEvent[];
  let runtime: RuntimePort;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await Database.connect({
      url: database.url,
      schema: 'relaytest',
      migrations: [messagingMigration],
      poolSize: 4,
      logger,
      serverFeatures: true,
    });
    await db.migrate();
  });
  beforeEach(async () => {
    received = [];
    const hub = new EmbeddedHub(logger);
    hub.seal();
    runtime = hub.runtimeFor('relaytest');
    runtime.subscribe({ topic: TOPIC, handler: async (event) => void received.push(event.data) });
    await db.query('delete from outbox');
  });
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  const published = async (eventId: string) =>
    (await db.query<{ published_at: Date | null }>('select published_at from outbox where event_id = $1', [eventId]))[0]
      ?.published_at ?? null;

  it('publishes a committed event at once, without waiting for a poll, and marks it published', async () => {
    relay = new OutboxRelay(db, runtime, logger, new Registry(), { pollIntervalMs: 3_600_000 });
    relay.start();
    const outbox = createOutbox(db, relay);
    const event = newEvent('Tested', { n: 1 });
    await outbox.transaction((_tx, out) => out.emit(TOPIC, event));
    // drain() waits for hand-overs under way; its own poll pass cannot take the row (still leased).
    await relay.drain();
    expect(received.map((e) => e.eventId)).toEqual([event.eventId]);
    expect(await published(event.eventId)).not.toBeNull();
  });

  it('publishes nothing for a transaction that rolled back', async () => {
    relay = new OutboxRelay(db, runtime, logger, new Registry(), { pollIntervalMs: 3_600_000 });
    relay.start();
    const outbox = createOutbox(db, relay);
    await expect(
      outbox.transaction(async (_tx, out) => {
        await out.emit(TOPIC, newEvent('Tested', { n: 2 }));
        throw new Error('business rule refused');
      }),
    ).rejects.toThrow('business rule refused');
    await relay.drain();
    expect(received).toEqual([]);
    expect(await db.query('select count(*)::int as n from outbox')).toEqual([{ n: 0 }]);
  });

  it('marks every one of many concurrent events published (grouped marks lose none)', async () => {
    relay = new OutboxRelay(db, runtime, logger, new Registry(), { pollIntervalMs: 3_600_000 });
    relay.start();
    const outbox = createOutbox(db, relay);
    const events = Array.from({ length: 60 }, (_, n) => newEvent('Tested', { n }));
    await Promise.all(events.map((event) => outbox.transaction((_tx, out) => out.emit(TOPIC, event))));
    await relay.drain();
    expect(new Set(received.map((e) => e.eventId))).toEqual(new Set(events.map((e) => e.eventId)));
    expect(await db.query('select count(*)::int as n from outbox where published_at is null')).toEqual([{ n: 0 }]);
  });

  it('publishes by poll, once its lease lapses, an event committed but never handed over (a crash)', async () => {
    const event = newEvent('Tested', { n: 3 });
    // What a process that died right after its commit leaves: the row, leased for one second.
    await db.transaction((tx) => insertOutboxEvent(tx, TOPIC, event, 1));
    relay = new OutboxRelay(db, runtime, logger, new Registry(), { pollIntervalMs: 100 });
    relay.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toEqual([]); // still leased to the dead process
    await waitFor(() => received.length === 1, 5_000);
    expect(received[0]!.eventId).toBe(event.eventId);
    await relay.drain();
    expect(await published(event.eventId)).not.toBeNull();
  });

  it('gives back the lease of an event committed while the relay is stopping, so the next relay publishes it at once', async () => {
    const stopping = new OutboxRelay(db, runtime, logger, new Registry(), { pollIntervalMs: 3_600_000 });
    stopping.start();
    await stopping.stop();
    const event = newEvent('Tested', { n: 5 });
    await createOutbox(db, stopping).transaction((_tx, out) => out.emit(TOPIC, event));
    await waitFor(
      async () =>
        (
          await db.query('select 1 from outbox where event_id = $1 and next_attempt_at <= clock_timestamp()', [
            event.eventId,
          ])
        ).length === 1,
      5_000,
    );
    expect(received).toEqual([]);
    relay = new OutboxRelay(db, runtime, logger, new Registry(), { pollIntervalMs: 3_600_000 });
    relay.start(); // its first pass, at start
    await relay.drain();
    expect(received.map((e) => e.eventId)).toEqual([event.eventId]);
  });

  it('retries a hand-over whose publication failed, from the poll, and then marks it published', async () => {
    let failures = 1;
    const flaky: RuntimePort = {
      ...runtime,
      publish: async (topic, event) => {
        if (failures-- > 0) throw new Error('broker unavailable');
        await runtime.publish(topic, event);
      },
    };
    relay = new OutboxRelay(db, flaky, logger, new Registry(), { pollIntervalMs: 100 });
    relay.start();
    const outbox = createOutbox(db, relay);
    const event = newEvent('Tested', { n: 4 });
    await outbox.transaction((_tx, out) => out.emit(TOPIC, event));
    await waitFor(async () => (await published(event.eventId)) !== null, 5_000);
    expect(received.map((e) => e.eventId)).toEqual([event.eventId]);
    const [row] = await db.query<{ attempts: number; last_error: string | null }>(
      'select attempts, last_error from outbox where event_id = $1',
      [event.eventId],
    );
    expect(row).toEqual({ attempts: 2, last_error: null });
  });
});

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
