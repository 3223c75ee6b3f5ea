import { Database, createLogger, toPgQuery } from '@saga/runtime';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';

describe('the database port', () => {
  it('turns ? placeholders into $n, and an array into a list, as knex does', () => {
    expect(toPgQuery('select * from t where a = ? and b = ?', [1, 'x'])).toEqual({ text: 'select * from t where a = $1 and b = $2', values: [1, 'x'] });
    expect(toPgQuery('select * from t where id in (?) and c = ?', [['a', 'b', 'c'], true])).toEqual({ text: 'select * from t where id in ($1, $2, $3) and c = $4', values: ['a', 'b', 'c', true] });
    // Native placeholders are left alone, arrays included (`= any($1)`), and a jsonb `?` stays an operator.
    expect(toPgQuery("select * from t where id = any($1) and tags ? 'x'", [['a', 'b']])).toEqual({ text: "select * from t where id = any($1) and tags ? 'x'", values: [['a', 'b']] });
  });

  describe('against PostgreSQL', () => {
    let database: TestDatabase;
    let db: Database;
    beforeAll(async () => {
      database = await createTestDatabase();
      db = await Database.connect({ url: database.url, schema: 'porttest', migrations: [], poolSize: 3, logger: createLogger({ level: 'silent' }) });
      await db.migrate();
      await db.query('create table things (id int primary key, v text)');
    });
    afterAll(async () => {
      await db.close();
      await database.drop();
    });

    it('resolves names in the service schema and commits a transaction', async () => {
      await db.transaction(async (tx) => {
        await tx.query('insert into things values (?, ?)', [1, 'one']);
        await tx.query('insert into things values (?, ?)', [2, 'two']);
      });
      expect(await db.query('select id, v from porttest.things order by id')).toEqual([{ id: 1, v: 'one' }, { id: 2, v: 'two' }]);
    });

    it('rolls the whole transaction back when its function throws, and keeps the pool usable', async () => {
      await expect(
        db.transaction(async (tx) => {
          await tx.query('insert into things values (?, ?)', [3, 'three']);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      await expect(db.transaction((tx) => tx.query('insert into things values (?, ?)', [1, 'duplicate']))).rejects.toThrow(/duplicate key/);
      expect(await db.query('select id from things where id = ?', [3])).toEqual([]);
      // Every connection went back to the pool: more transactions than connections still run.
      await Promise.all([10, 11, 12, 13, 14].map((id) => db.transaction((tx) => tx.query('insert into things values (?, ?)', [id, 'ok']))));
      expect(await db.query('select count(*)::int as n from things')).toEqual([{ n: 7 }]);
    });
  });
});
