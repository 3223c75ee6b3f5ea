import { Database, createLogger } from '@saga/runtime';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';

describe('the database port', () => {
  describe('against PostgreSQL', () => {
    let database: TestDatabase;
    let db: Database;
    beforeAll(async () => {
      database = await createTestDatabase();
      db = await Database.connect({
        url: database.url,
        schema: 'porttest',
        migrations: [],
        poolSize: 3,
        logger: createLogger({ level: 'silent' }),
      });
      await db.migrate();
      await db.query('create table things (id int primary key, v text)');
    });
    afterAll(async () => {
      await db.close();
      await database.drop();
    });

    it("takes PostgreSQL's own SQL: $n placeholders, an array for = any($1), jsonb's ? operator", async () => {
      await db.query('create table tagged (id int primary key, tags jsonb not null)');
      await db.query('insert into tagged values ($1, $2), ($3, $4)', [
        1,
        JSON.stringify({ red: true }),
        2,
        JSON.stringify({ blue: true }),
      ]);
      expect(await db.query("select id from tagged where id = any($1) and tags ? 'red'", [[1, 2]])).toEqual([
        { id: 1 },
      ]);
    });

    it('resolves names in the service schema and commits a transaction', async () => {
      await db.transaction(async (tx) => {
        await tx.query('insert into things values ($1, $2)', [1, 'one']);
        await tx.query('insert into things values ($1, $2)', [2, 'two']);
      });
      expect(await db.query('select id, v from porttest.things order by id')).toEqual([
        { id: 1, v: 'one' },
        { id: 2, v: 'two' },
      ]);
    });

    it('rolls the whole transaction back when its function throws, and keeps the pool usable', async () => {
      await expect(
        db.transaction(async (tx) => {
          await tx.query('insert into things values ($1, $2)', [3, 'three']);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      await expect(
        db.transaction((tx) => tx.query('insert into things values ($1, $2)', [1, 'duplicate'])),
      ).rejects.toThrow(/duplicate key/);
      expect(await db.query('select id from things where id = $1', [3])).toEqual([]);
      // Every connection went back to the pool: more transactions than connections still run.
      await Promise.all(
        [10, 11, 12, 13, 14].map((id) =>
          db.transaction((tx) => tx.query('insert into things values ($1, $2)', [id, 'ok'])),
        ),
      );
      expect(await db.query('select count(*)::int as n from things')).toEqual([{ n: 7 }]);
    });
  });
});
