// The Database's EntityManager: a fork per unit of work over the service's entities, on the ORM's
// own small pool (no further pool), on real PostgreSQL and on PGlite as `npm start` runs it.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  Database,
  ORM_POOL_SIZE,
  OutboxMessage,
  createLogger,
  messagingEntities,
  runtimeMigrations,
} from '@saga/runtime';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';
import { until } from '../../../tests/support/until';

const logger = createLogger({ level: 'silent' });
const run = promisify(execFile);

/** A unit of work through the EntityManager, read back through plain SQL on the other pool. */
async function writeAndReadBack(db: Database, eventId: string): Promise<void> {
  const em = db.em();
  em.create(OutboxMessage, { eventId, topic: 'orders', event: { type: 'Test', eventId } });
  await em.flush();
  expect(
    await db.query('select topic, event, attempts, published_at from outbox where event_id = $1', [eventId]),
  ).toEqual([{ topic: 'orders', event: { type: 'Test', eventId }, attempts: 0, published_at: null }]);
  const found = await db.em().findOneOrFail(OutboxMessage, { eventId });
  expect(found).toMatchObject({ eventId, topic: 'orders', attempts: 0, publishedAt: null });
  expect(found.createdAt).toBeInstanceOf(Date);
}

describe('the EntityManager of a Database', () => {
  describe('on PostgreSQL', () => {
    let database: TestDatabase;
    let db: Database;
    beforeAll(async () => {
      database = await createTestDatabase();
      db = await Database.connect({
        url: database.url,
        schema: 'emtest',
        migrations: runtimeMigrations,
        entities: messagingEntities,
        poolSize: 8,
        logger,
        serverFeatures: true,
      });
      await db.migrate();
    });
    afterAll(async () => {
      await db.close();
      await database.drop();
    });

    it("maps the schema's entities: what it writes, SQL reads, and back", async () => {
      await writeAndReadBack(db, 'em-1');
    });

    it('gives every unit of work a fork of its own (its own identity map)', async () => {
      await writeAndReadBack(db, 'em-2');
      const a = db.em();
      const b = db.em();
      expect(a).not.toBe(b);
      const inA = await a.findOneOrFail(OutboxMessage, { eventId: 'em-2' });
      inA.lastError = 'changed in a, not flushed';
      const inB = await b.findOneOrFail(OutboxMessage, { eventId: 'em-2' });
      expect(inB).not.toBe(inA);
      expect(inB.lastError).toBeNull();
    });

    it(`holds at most ${ORM_POOL_SIZE} connections, whatever the service's pool size: units of work beyond wait`, async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const units = [1, 2, 3].map((n) =>
        db.em().transactional(async (em) => {
          await em.execute('select 1');
          await gate;
          return n;
        }),
      );
      try {
        const pool = (db.em().getKnex().client as { pool: { numUsed(): number; numPendingAcquires(): number } }).pool;
        const state = await until(
          async () => ({ used: pool.numUsed(), waiting: pool.numPendingAcquires() }),
          (s) => s.used === ORM_POOL_SIZE && s.waiting === 1,
          10_000,
          20,
        );
        expect(state).toEqual({ used: ORM_POOL_SIZE, waiting: 1 });
        // The service's own pool is not touched by it.
        expect(await db.query('select 1 as one')).toEqual([{ one: 1 }]);
      } finally {
        release();
      }
      expect(await Promise.all(units)).toEqual([1, 2, 3]);
    });
  });

  it('maps the entities on PGlite too, as npm start runs without DATABASE_URL (in a process of its own)', async () => {
    const script = path.join(__dirname, 'fixtures/pglite-entity-manager.ts');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script], {
      cwd: path.join(__dirname, '../../..'),
      timeout: 90_000,
    });
    expect(JSON.parse(stdout.trim().split('\n').pop() ?? '')).toEqual({
      viaSql: [{ topic: 'orders', event: { type: 'Test' }, attempts: 0 }],
      viaEm: { eventId: 'pglite-1', attempts: 1, publishedAt: null },
    });
  }, 120_000);
});
