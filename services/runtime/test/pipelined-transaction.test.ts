// Transactions on real PostgreSQL pipeline their statements (BEGIN with the first statement,
// `send` writes with whatever follows). These prove the guarantees did not change: all or
// nothing, in order, and a failed write fails the whole transaction with its own error.
import { Database, createLogger } from '@saga/runtime';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';

describe('pipelined transactions (PostgreSQL server features on)', () => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = await Database.connect({
      url: database.url,
      schema: 'pipetest',
      migrations: [],
      poolSize: 2,
      logger: createLogger({ level: 'silent' }),
      serverFeatures: true,
    });
    await db.migrate();
    await db.query('create table items (id int primary key, v text not null)');
  });
  afterEach(() => db.query('delete from items'));
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  it('runs sent writes in order, before the statements that follow them, and commits them together', async () => {
    const seen = await db.transaction(async (tx) => {
      await tx.send('insert into items values ($1, $2)', [1, 'one']);
      await tx.send('update items set v = $1 where id = $2', ['uno', 1]);
      const rows = await tx.query<{ v: string }>('select v from items where id = $1', [1]);
      await tx.send('insert into items values ($1, $2)', [2, 'two']);
      return rows;
    });
    expect(seen).toEqual([{ v: 'uno' }]);
    expect(await db.query('select id, v from items order by id')).toEqual([
      { id: 1, v: 'uno' },
      { id: 2, v: 'two' },
    ]);
  });

  it('runs statements issued together in the order they were issued, each answered with its own rows', async () => {
    const [inserted, counted] = await db.transaction((tx) =>
      Promise.all([
        tx.query<{ id: number }>('insert into items values ($1, $2) returning id', [4, 'four']),
        tx.query<{ n: number }>('select count(*)::int as n from items where id = $1', [4]),
      ]),
    );
    expect(inserted).toEqual([{ id: 4 }]);
    expect(counted).toEqual([{ n: 1 }]);
  });

  it('is a transaction from its first statement: another session sees nothing before the commit', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const open = db.transaction(async (tx) => {
      await tx.send('insert into items values ($1, $2)', [3, 'three']);
      await tx.query('select 1');
      await gate;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await db.query('select id from items')).toEqual([]);
    release();
    await open;
    expect(await db.query('select id from items')).toEqual([{ id: 3 }]);
  });

  it("fails the transaction with the failed write's own error at the next query, and keeps nothing", async () => {
    await db.query('insert into items values ($1, $2)', [5, 'taken']);
    await expect(
      db.transaction(async (tx) => {
        await tx.send('insert into items values ($1, $2)', [6, 'six']);
        await tx.send('insert into items values ($1, $2)', [5, 'duplicate']);
        await tx.query('select count(*) from items');
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await db.query('select id from items order by id')).toEqual([{ id: 5 }]);
  });

  it("fails the commit with the failed write's error when nothing follows it", async () => {
    await db.query('insert into items values ($1, $2)', [7, 'taken']);
    await expect(
      db.transaction(async (tx) => {
        await tx.send('insert into items values ($1, $2)', [8, 'eight']);
        await tx.send('insert into items values ($1, $2)', [7, 'duplicate']);
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await db.query('select id from items order by id')).toEqual([{ id: 7 }]);
  });

  it('rolls back on a throw after sent writes, and every connection goes back to the pool usable', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.send('insert into items values ($1, $2)', [9, 'nine']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.transaction((tx) => tx.send('insert into items values ($1, $2)', [100 + i, 'ok'])),
      ),
    );
    expect(await db.query('select count(*)::int as n from items')).toEqual([{ n: 12 }]);
  });

  it('keeps answering `select *` on a running connection after a migration adds a column (never prepared)', async () => {
    const single = await Database.connect({
      url: database.url,
      schema: 'pipetest',
      migrations: [],
      poolSize: 1,
      logger: createLogger({ level: 'silent' }),
      serverFeatures: true,
    });
    try {
      await single.query('insert into items values ($1, $2)', [300, 'before']);
      for (let i = 0; i < 6; i++)
        expect(await single.query('select * from items where id = $1', [300])).toEqual([{ id: 300, v: 'before' }]);
      await db.query('alter table items add column extra int');
      expect(await single.query('select * from items where id = $1', [300])).toEqual([
        { id: 300, v: 'before', extra: null },
      ]);
      expect(
        await single.transaction((tx) => tx.query('update items set v = $1 where id = $2 returning *', ['after', 300])),
      ).toEqual([{ id: 300, v: 'after', extra: null }]);
    } finally {
      await db.query('alter table items drop column if exists extra');
      await single.close();
    }
  });

  it('reuses prepared statements across calls and connections without mixing their parameters', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => db.query('insert into items values ($1, $2)', [200 + i, `v${i}`])),
    );
    const rows = await Promise.all(
      Array.from({ length: 40 }, (_, i) => db.query<{ v: string }>('select v from items where id = $1', [200 + i])),
    );
    expect(rows.map((r) => r[0]?.v)).toEqual(Array.from({ length: 40 }, (_, i) => `v${i}`));
  });
});

describe('transactions without server features (PGlite mode): statements issued together still run one by one', () => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = await Database.connect({
      url: database.url,
      schema: 'seqtest',
      migrations: [],
      poolSize: 1,
      logger: createLogger({ level: 'silent' }),
    });
    await db.migrate();
    await db.query('create table items (id int primary key, v text not null)');
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  it('answers each with its own rows, in order, and a failure rolls back all', async () => {
    const [a, b] = await db.transaction((tx) =>
      Promise.all([
        tx.query('insert into items values ($1, $2) returning id', [1, 'a']),
        tx.query('select count(*)::int as n from items'),
      ]),
    );
    expect([a, b]).toEqual([[{ id: 1 }], [{ n: 1 }]]);
    await expect(
      db.transaction((tx) =>
        Promise.all([
          tx.send('insert into items values ($1, $2)', [2, 'b']),
          tx.query('insert into items values ($1, $2)', [1, 'dup']),
        ]),
      ),
    ).rejects.toThrow(/duplicate key/);
    expect(await db.query('select id from items order by id')).toEqual([{ id: 1 }]);
  });
});
