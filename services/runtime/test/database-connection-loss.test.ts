// A connection terminated under a transaction or a statement (a restart, a failover,
// pg_terminate_backend): the work fails with DatabaseUnavailableError (503, retryable), never an
// unhandled 'error' event that ends the process, and the pool serves the next caller on a fresh
// connection. Both with and without pipelining.
import { Client } from 'pg';
import { Database, DatabaseUnavailableError, createLogger } from '@saga/runtime';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';
import { until } from '../../../tests/support/until';

describe.each([
  ['pipelined', true],
  ['not pipelined', false],
])('a database connection lost while in use (%s)', (_name, serverFeatures) => {
  let database: TestDatabase;
  let db: Database;
  let admin: Client;
  const terminate = async (pid: number) => admin.query('select pg_terminate_backend($1)', [pid]);

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await Database.connect({
      url: database.url,
      schema: 'losstest',
      migrations: [],
      poolSize: 2,
      logger: createLogger({ level: 'silent' }),
      serverFeatures,
    });
    await db.migrate();
    await db.query('create table if not exists things (id int primary key)');
    admin = new Client({ connectionString: database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await db.close();
    await database.drop();
  });

  it('fails the transaction with DatabaseUnavailableError, retryable, and commits nothing of it', async () => {
    const attempt = db.transaction(async (tx) => {
      await tx.query('insert into things values ($1)', [1]);
      const [{ pid }] = (await tx.query<{ pid: number }>('select pg_backend_pid() as pid')) as [{ pid: number }];
      await terminate(pid);
      await tx.query('insert into things values ($1)', [2]);
    });
    const err = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect(err).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', extras: { retryAfterSeconds: 1 } });
    expect((err as DatabaseUnavailableError).detail).not.toMatch(/terminat|administrator|57P01/);
    expect(await db.query('select id from things')).toEqual([]);
  });

  it('fails a single statement the same way, and the next caller gets a working connection', async () => {
    const sleeping = db.query('select pg_sleep(30)').then(
      () => undefined,
      (e: unknown) => e,
    );
    const victim = await until(
      async () =>
        (await admin.query(`select pid from pg_stat_activity where query = 'select pg_sleep(30)' and state = 'active'`))
          .rows[0]?.pid as number | undefined,
      (pid) => pid !== undefined,
      10_000,
      20,
    );
    await terminate(victim!);
    expect(await sleeping).toBeInstanceOf(DatabaseUnavailableError);

    // And an idle pooled connection: a caller that takes it before the driver has read the news
    // gets the same 503 (never a crash); it is dropped, and the next caller gets a fresh one.
    const [{ pid }] = (await db.query<{ pid: number }>('select pg_backend_pid() as pid')) as [{ pid: number }];
    await terminate(pid);
    const insert = (id: number) =>
      db.transaction(async (tx) => void (await tx.query('insert into things values ($1)', [id])));
    const first = await insert(3).then(
      () => 'committed',
      (e: unknown) => (e instanceof DatabaseUnavailableError ? 'unavailable' : e),
    );
    expect(['committed', 'unavailable']).toContain(first);
    await insert(4);
    expect(await db.query('select id from things where id = 4')).toEqual([{ id: 4 }]);
  });
});
