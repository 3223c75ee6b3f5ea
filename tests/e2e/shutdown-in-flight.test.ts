// Stopping the embedded system while a consumer is between retries: the shutdown must neither
// dead-letter the event nor retry it against closed pools, and the next start must deliver it
// from the publisher's outbox.
import { newEvent } from '@saga/runtime';
import pino from 'pino';
import { Client } from 'pg';
import { type RunningSystem, startEmbeddedSystem } from '../../tools/system/start-system';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { testSystemEnv } from '../support/test-system';

const TOPIC = 'audit-events';
// Retries a little apart, so the old shutdown order (hub still retrying after the pools closed) shows within the test.
const deliveryPolicy = { maxAttempts: 3, initialBackoffMs: 200, maxBackoffMs: 200 };

function start(database: TestDatabase, logs: string[]): Promise<RunningSystem> {
  return startEmbeddedSystem({
    // Started here rather than by startTestSystem: the restart must reuse the same database.
    env: { ...testSystemEnv(database.url), OUTBOX_POLL_MS: '100' },
    simulator: { webhookRetries: 0 },
    deliveryPolicy,
    logger: pino({ level: 'warn' }, { write: (line: string) => void logs.push(line) }),
  });
}

describe('stopping the system with a delivery between retries', () => {
  let database: TestDatabase;
  let pg: Client;
  let system: RunningSystem | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    pg = new Client({ connectionString: database.url });
    await pg.connect();
  });
  afterAll(async () => {
    await system?.close();
    await pg.end();
    await database.drop();
  });

  it('dead-letters nothing, touches no closed pool, and delivers the event after the next start', async () => {
    const logs: string[] = [];
    system = await start(database, logs);
    let firstAttempt!: () => void;
    const attempted = new Promise<void>((resolve) => (firstAttempt = resolve));
    system.services.notifications.ctx.runtime.subscribe({
      topic: TOPIC,
      handler: async () => {
        firstAttempt();
        throw new Error('downstream unavailable');
      },
    });
    const event = newEvent('AuditRecorded', { note: 'published just before the shutdown' });
    // Published by the service started last, so the next start's first outbox poll comes after the subscription below.
    await system.services.notifications.ctx.outbox.transaction((_tx, out) => out.emit(TOPIC, event));
    await attempted;

    await system.close();
    system = undefined;
    await new Promise((r) => setTimeout(r, 3 * deliveryPolicy.maxBackoffMs)); // the old order went on retrying here

    const errors = logs
      .map((l) => JSON.parse(l) as { level: number; msg: string; err?: unknown })
      .filter((l) => l.level >= 50);
    expect(errors).toEqual([]);
    expect(logs.join('\n')).not.toMatch(/Cannot use a pool|dead-lettered/);
    const stored = await pg.query('select count(*)::int as n from notifications.dead_letters');
    expect(stored.rows[0].n).toBe(0);
    const [row] = (await pg.query('select published_at from notifications.outbox where event_id = $1', [event.eventId]))
      .rows;
    expect(row.published_at).toBeNull();

    // The next start publishes it from the outbox to the (now healthy) consumer, once.
    const delivered: string[] = [];
    let deliveredNow!: () => void;
    const arrived = new Promise<void>((resolve) => (deliveredNow = resolve));
    system = await start(database, []);
    system.services.notifications.ctx.runtime.subscribe({
      topic: TOPIC,
      handler: async (e) => {
        delivered.push(e.data.eventId);
        deliveredNow();
      },
    });
    await arrived;
    expect(delivered).toEqual([event.eventId]);
  }, 30_000);
});
