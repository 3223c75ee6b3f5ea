// deploy/scripts/migrate.ts, what the migration Job runs: it applies every service's migrations
// (the runtime's migrations first) to a real PostgreSQL, is idempotent, and as a command
// exits 0 on success and non-zero, naming the problem, otherwise.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { createLogger, runtimeMigrations } from '@saga/runtime';
import { SERVICE_NAMES, loadServiceDefinition, main, migrateServices } from '../../deploy/scripts/migrate';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { REPO } from './support/manifests';

const logger = createLogger({ level: 'silent' });

describe('deploy/scripts/migrate.ts', () => {
  let db: TestDatabase;
  let pg: Client;
  const applied = async (schema: string) =>
    (await pg.query<{ name: string }>(`select name from "${schema}".mikro_orm_migrations order by id`)).rows.map(
      (r) => r.name,
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await db?.drop();
  });

  it("applies the runtime's migrations, then each service its own, in its own schema", async () => {
    await migrateServices(SERVICE_NAMES, db.url, logger);
    for (const name of SERVICE_NAMES) {
      const def = await loadServiceDefinition(name);
      expect(await applied(def.schema)).toEqual([
        ...runtimeMigrations.map((m) => m.name),
        ...def.migrations.map((m) => m.name),
      ]);
      const tables = (
        await pg.query<{ t: string }>(`select table_name as t from information_schema.tables where table_schema = $1`, [
          def.schema,
        ])
      ).rows.map((r) => r.t);
      expect(tables).toEqual(expect.arrayContaining(['outbox', 'inbox']));
    }
  });

  it('is idempotent (the services migrate at boot as well)', async () => {
    const before = await applied('orders');
    await migrateServices(['order'], db.url, logger);
    expect(await applied('orders')).toEqual(before);
  });

  it('refuses unknown services and a missing DATABASE_URL before touching anything', async () => {
    expect(await main(['ordr'], { LOG_LEVEL: 'silent' })).toBe(2);
    expect(await main(['order'], { LOG_LEVEL: 'silent' })).toBe(2);
    expect(await main(['order'], { LOG_LEVEL: 'silent', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' })).toBe(
      1,
    );
  });

  it('runs from the repository as a command: node --import tsx deploy/scripts/migrate.ts <service> (the Job runs it compiled: compiled-service.test.ts)', () => {
    const run = (env: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'deploy/scripts/migrate.ts', 'catalog'], {
        cwd: REPO,
        env: { PATH: process.env.PATH, ...env },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const ok = run({ DATABASE_URL: db.url });
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: '' });
    expect(ok.stdout).toMatch(/"service":"catalog".*migrations applied/);
    const missing = run({});
    expect(missing.status).toBe(2);
    expect(missing.stdout).toMatch(/DATABASE_URL/);
  }, 90_000);

  it('is the file the images compile and the Job runs', () => {
    expect(path.relative(REPO, require.resolve('../../deploy/scripts/migrate'))).toBe(
      path.join('deploy', 'scripts', 'migrate.ts'),
    );
  });
});
