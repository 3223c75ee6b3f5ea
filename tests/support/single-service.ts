// One service alone on an ephemeral port, against a database of its own: the component-test
// harness. Other services are absent; calls to them fail as they would when they are down.
import {
  INTERNAL_PREFIX,
  type RunningService,
  SERVICE_TOKEN_HEADER,
  type ServiceDefinition,
  createLogger,
  loadCommonConfig,
  startService,
} from '@saga/runtime';
import { EmbeddedHub } from '@saga/dev-harness';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface SingleService extends RunningService {
  database: TestDatabase;
  hub: EmbeddedHub;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  post(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

export async function startSingleService(
  def: ServiceDefinition,
  envOverrides: Record<string, string> = {},
): Promise<SingleService> {
  const database = await createTestDatabase();
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    SEED_DEMO_CATALOG: 'false',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    ...envOverrides,
  };
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const hub = new EmbeddedHub(logger);
  const service = await startService(def, {
    config: loadCommonConfig(env),
    env,
    logger,
    databaseUrl: database.url,
    hub,
    port: 0,
    deferWorkers: true,
  });
  hub.seal();
  service.startWorkers();
  const pg = new Client({ connectionString: database.url });
  await pg.connect();
  // Internal routes are called as another service calls them: with the service credential.
  const credential = (path: string): Record<string, string> =>
    path.startsWith(INTERNAL_PREFIX) && service.ctx.config.APP_API_TOKEN
      ? { [SERVICE_TOKEN_HEADER]: service.ctx.config.APP_API_TOKEN }
      : {};
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...credential(path),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep text */
    }
    return { status: res.status, body: parsed as any, headers: res.headers };
  };
  return {
    ...service,
    database,
    hub,
    sql: async <T>(text: string, params: unknown[] = []) => (await pg.query(text, params)).rows as T[],
    post: (path, body, headers) => call('POST', path, body, headers),
    get: (path, headers) => call('GET', path, undefined, headers),
    async stop() {
      await pg.end();
      await service.close();
      await database.drop();
    },
  };
}
