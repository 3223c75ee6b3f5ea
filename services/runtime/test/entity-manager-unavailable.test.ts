// The EntityManager runs on MikroORM's own pool (knex), which has none of the SQL pool's watched
// connections. A request whose unit of work meets the database down must still get what the SQL
// path gives: a quick 503 problem with Retry-After, no driver message, and the process alive; and
// once the database is back, the same request succeeds.
import express from 'express';
import {
  Database,
  OutboxMessage,
  createLogger,
  listen,
  messagingEntities,
  problemHandler,
  runtimeMigrations,
} from '@saga/runtime';
import { networkSwitch, type NetworkSwitch } from '../../../tests/support/network-switch';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';

describe('a unit of work through the EntityManager while the database is unreachable', () => {
  let database: TestDatabase;
  let plug: NetworkSwitch;
  let db: Database;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    database = await createTestDatabase();
    const target = new URL(database.url);
    plug = await networkSwitch(`http://${target.hostname}:${target.port || 5432}`);
    const through = new URL(database.url);
    through.port = new URL(plug.url).port;
    db = await Database.connect({
      url: through.toString(),
      schema: 'emdown',
      migrations: runtimeMigrations,
      entities: messagingEntities,
      poolSize: 2,
      logger: createLogger({ level: 'silent' }),
    });
    await db.migrate();
    const app = express();
    app.get('/count', async (_req, res) => {
      res.json({ pending: await db.em().count(OutboxMessage, {}) });
    });
    app.use(problemHandler(createLogger({ level: 'silent' })));
    server = await listen(app, 0, '127.0.0.1');
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await plug?.plug().catch(() => undefined);
    await db?.close();
    await plug?.close();
    await database?.drop();
  });

  it('answers 503 with Retry-After (not 500, not the driver message), then 200 once it is back', async () => {
    expect((await fetch(`${server.url}/count`)).status).toBe(200);

    await plug.unplug();
    const down = await fetch(`${server.url}/count`);
    const body = (await down.json()) as Record<string, unknown>;
    expect({ status: down.status, retryAfter: down.headers.get('retry-after'), code: body.code }).toEqual({
      status: 503,
      retryAfter: '1',
      code: 'SERVICE_UNAVAILABLE',
    });
    expect(JSON.stringify(body)).not.toMatch(/ECONN|knex|127\.0\.0\.1|Timeout acquiring/i);

    await plug.plug();
    const back = await fetch(`${server.url}/count`);
    expect({ status: back.status, body: await back.json() }).toEqual({ status: 200, body: { pending: 0 } });
  }, 60_000);
});
