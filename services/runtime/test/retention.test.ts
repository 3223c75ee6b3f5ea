// The retention sweep: what is older than its table's window goes, in batches; what is newer, and
// an outbox row not yet published however old, stays; replicas sweeping at once delete each row
// once and their counters add up; a bad window stops the service at boot, naming the variable.
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import {
  ConfigError,
  Database,
  createLogger,
  loadCommonConfig,
  loadRetentionConfig,
  messagingRetentionRules,
  retentionWorker,
  runtimeMigrations,
  startService,
} from '@saga/runtime';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';

const logger = createLogger({ level: 'silent' });
const SCHEMA = 'retentiontest';

/** One replica's sweep: its own registry (as each replica's /metrics), the default windows. */
function replica(db: Database, batchSize = 1000) {
  const registry = new Registry();
  const config = loadRetentionConfig({});
  const worker = retentionWorker(db, logger, registry, messagingRetentionRules(config), {
    intervalMs: 3_600_000,
    batchSize,
  });
  const deleted = async (table: string) => {
    const metric = await registry.getSingleMetric('retention_deleted_rows_total')!.get();
    return metric.values.find((v) => v.labels.table === table)?.value ?? 0;
  };
  return { worker, deleted };
}

describe('retention of the outbox, the inbox and dead letters', () => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await Database.connect({
      url: database.url,
      schema: SCHEMA,
      migrations: runtimeMigrations,
      poolSize: 4,
      logger,
      serverFeatures: true,
    });
    await db.migrate();
  });
  beforeEach(async () => {
    await db.query('delete from outbox');
    await db.query('delete from inbox');
    await db.query('delete from dead_letters');
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

  async function outboxRow(createdDaysAgo: number, publishedDaysAgo: number | null): Promise<string> {
    const eventId = randomUUID();
    await db.query(
      `insert into outbox (event_id, topic, event, created_at, published_at) values ($1, 'test-events', '{}', $2, $3)`,
      [eventId, daysAgo(createdDaysAgo), publishedDaysAgo === null ? null : daysAgo(publishedDaysAgo)],
    );
    return eventId;
  }
  async function inboxRow(processedDaysAgo: number): Promise<string> {
    const eventId = randomUUID();
    await db.query(`insert into inbox (consumer, event_id, processed_at) values ('test.consumer', $1, $2)`, [
      eventId,
      daysAgo(processedDaysAgo),
    ]);
    return eventId;
  }
  async function deadLetter(receivedDaysAgo: number): Promise<string> {
    const eventId = randomUUID();
    await db.query(
      `insert into dead_letters (topic, event_id, event_type, event, received_at) values ('test-events', $1, 'Tested', '{}', $2)`,
      [eventId, daysAgo(receivedDaysAgo)],
    );
    return eventId;
  }
  const eventIds = async (table: string) =>
    (await db.query<{ event_id: string }>(`select event_id from ${table} order by event_id`))
      .map((r) => r.event_id)
      .sort();

  it('deletes published outbox rows, inbox records and dead letters older than their windows, and keeps newer and unpublished ones', async () => {
    // Default windows: outbox 3 days (from publication), inbox 7 (from processing), dead letters 30 (from arrival).
    await outboxRow(4, 3.5);
    const recentlyPublished = await outboxRow(4, 2.5);
    const neverPublished = await outboxRow(40, null);
    await inboxRow(7.5);
    const recentInbox = await inboxRow(6.5);
    await deadLetter(31);
    const recentDeadLetter = await deadLetter(29);
    const { worker, deleted } = replica(db);

    expect(await worker.runOnce()).toEqual({ outbox: 1, inbox: 1, dead_letters: 1 });

    expect(await eventIds('outbox')).toEqual([recentlyPublished, neverPublished].sort());
    expect(await eventIds('inbox')).toEqual([recentInbox]);
    expect(await eventIds('dead_letters')).toEqual([recentDeadLetter]);
    expect([await deleted('outbox'), await deleted('inbox'), await deleted('dead_letters')]).toEqual([1, 1, 1]);
    // A second pass finds nothing more (the sweep is safe to repeat).
    expect(await worker.runOnce()).toEqual({ outbox: 0, inbox: 0, dead_letters: 0 });
  });

  it('works through a backlog batch by batch until nothing is due', async () => {
    for (let i = 0; i < 23; i++) await inboxRow(10);
    const kept = await inboxRow(1);
    const { worker, deleted } = replica(db, 5);
    expect((await worker.runOnce()).inbox).toBe(23);
    expect(await eventIds('inbox')).toEqual([kept]);
    expect(await deleted('inbox')).toBe(23);
  });

  it('when two replicas sweep at once, then each row is deleted once and their counters add up to the rows deleted', async () => {
    const OLD_INBOX = 400;
    const OLD_OUTBOX = 200;
    await db.query(
      `insert into inbox (consumer, event_id, processed_at) select 'test.consumer', 'old-' || n, now() - interval '8 days' from generate_series(1, $1) n`,
      [OLD_INBOX],
    );
    await db.query(
      `insert into outbox (event_id, topic, event, created_at, published_at)
       select 'old-' || n, 'test-events', '{}', now() - interval '5 days', now() - interval '4 days' from generate_series(1, $1) n`,
      [OLD_OUTBOX],
    );
    const keptInbox = await inboxRow(1);
    const unpublished = await outboxRow(9, null);
    // Each replica on connections of its own, small batches, so the two interleave.
    const other = db.withOwnPool(4);
    const [a, b] = [replica(db, 7), replica(other, 7)];
    try {
      const [reportA, reportB] = await Promise.all([a.worker.runOnce(), b.worker.runOnce()]);
      expect(reportA.inbox! + reportB.inbox!).toBe(OLD_INBOX);
      expect(reportA.outbox! + reportB.outbox!).toBe(OLD_OUTBOX);
      expect((await a.deleted('inbox')) + (await b.deleted('inbox'))).toBe(OLD_INBOX);
      expect((await a.deleted('outbox')) + (await b.deleted('outbox'))).toBe(OLD_OUTBOX);
      expect(await eventIds('inbox')).toEqual([keptInbox]);
      expect(await eventIds('outbox')).toEqual([unpublished]);
    } finally {
      await other.close();
    }
  });
});

describe('retention settings', () => {
  it('defaults to windows of 3 days (outbox), 7 (inbox), 30 (dead letters), batches of 1000 every 10 minutes', () => {
    expect(loadRetentionConfig({})).toEqual({
      intervalMs: 600_000,
      batchSize: 1000,
      outboxDays: 3,
      inboxDays: 7,
      deadLettersDays: 30,
    });
    expect(loadRetentionConfig({ RETENTION_OUTBOX_DAYS: '0.5' }).outboxDays).toBe(0.5);
  });

  it('names the variable that is wrong, and refuses an inbox window shorter than the longest redelivery', () => {
    expect(() => loadRetentionConfig({ RETENTION_INBOX_DAYS: 'a week' })).toThrow(/RETENTION_INBOX_DAYS/);
    expect(() => loadRetentionConfig({ RETENTION_INBOX_DAYS: '1' })).toThrow(/RETENTION_INBOX_DAYS/);
    expect(() => loadRetentionConfig({ RETENTION_OUTBOX_DAYS: '0' })).toThrow(/RETENTION_OUTBOX_DAYS/);
    expect(() => loadRetentionConfig({ RETENTION_DEAD_LETTERS_DAYS: '-1' })).toThrow(/RETENTION_DEAD_LETTERS_DAYS/);
    expect(() => loadRetentionConfig({ RETENTION_BATCH_SIZE: '0' })).toThrow(/RETENTION_BATCH_SIZE/);
    expect(() => loadRetentionConfig({ RETENTION_INTERVAL_SECONDS: 'often' })).toThrow(/RETENTION_INTERVAL_SECONDS/);
  });

  it('when a window is bad, then the service does not boot, and the error names the variable', async () => {
    const env = { RETENTION_DEAD_LETTERS_DAYS: 'forever' };
    const def = {
      name: 'order',
      schema: 'unused',
      migrations: [],
      address: () => ({ appId: 'order', port: 0, portVariable: 'ORDER_PORT' }),
      build: () => ({}),
    };
    // Refused before anything is opened: the database URL is never used.
    const boot = startService(def, {
      config: loadCommonConfig(env),
      env,
      logger,
      databaseUrl: 'postgres://127.0.0.1:1/none',
      port: 0,
    });
    await expect(boot).rejects.toThrow(ConfigError);
    await expect(boot).rejects.toThrow(/RETENTION_DEAD_LETTERS_DAYS/);
  });
});
