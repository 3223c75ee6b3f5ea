// Database.withOwnPool: work on its own connections never waits for a connection behind the
// first pool's traffic; on a single-session server it is the same Database.
import { Database, createLogger } from '@saga/runtime';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';

describe('Database.withOwnPool', () => {
  let database: TestDatabase;
  let db: Database;
  const logger = createLogger({ level: 'silent' });

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await Database.connect({
      url: database.url,
      schema: 'ownpool',
      migrations: [],
      poolSize: 2,
      logger,
      serverFeatures: true,
    });
    await db.migrate();
    await db.query('create table things (id int primary key)');
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  it('answers while every connection of the first pool is taken', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Both connections of the first pool stay in open transactions until released.
    const holders = [1, 2].map((id) =>
      db.transaction(async (tx) => {
        await tx.query('insert into things values ($1)', [id]);
        await held;
      }),
    );
    const own = db.withOwnPool(1);
    try {
      const queuedBehind = db.query<{ n: number }>('select 1 as n');
      const onOwnPool = await Promise.race([
        own.query<{ n: number }>('select 2 as n'),
        new Promise((r) => setTimeout(() => r('timed out'), 2000)),
      ]);
      expect(onOwnPool).toEqual([{ n: 2 }]);
      // Same schema and database: it sees what the first pool commits, once committed.
      release();
      await Promise.all(holders);
      expect(await queuedBehind).toEqual([{ n: 1 }]);
      expect(await own.query('select id from things order by id')).toEqual([{ id: 1 }, { id: 2 }]);
    } finally {
      release();
      await own.close();
    }
    // Closing it leaves the first pool (and its ORM) working.
    expect(await db.query('select count(*)::int as n from things')).toEqual([{ n: 2 }]);
  });

  it('is the same Database on a single-session server (PGlite)', async () => {
    const single = await Database.connect({
      url: database.url,
      schema: 'ownpool',
      migrations: [],
      poolSize: 1,
      logger,
      singleSession: true,
    });
    try {
      expect(single.withOwnPool(4)).toBe(single);
    } finally {
      await single.close();
    }
  });
});
