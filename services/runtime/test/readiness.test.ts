// GET /readyz tells a probe (and whoever else can reach it) which dependency is down, never where
// it lives: no address, host or driver message. The detail goes to the service's log instead.
import net from 'node:net';
import {
  type RunningService,
  type ServiceDefinition,
  createLogger,
  loadCommonConfig,
  startService,
} from '@saga/runtime';
import pino from 'pino';
import { EmbeddedHub } from '../../../tests/support/in-process-hub';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';
import { until } from '../../../tests/support/until';

/** A TCP proxy in front of PostgreSQL that the test can cut, as a failover or a network fault would. */
async function cuttableProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        sockets.forEach((s) => s.destroy());
      }),
  };
}

const probeService: ServiceDefinition = {
  name: 'order',
  schema: 'readiness_probe',
  migrations: [],
  address: () => ({ appId: 'order', port: 0, portVariable: 'ORDER_PORT' }),
  build: () => ({}),
};

describe('GET /readyz', () => {
  let database: TestDatabase;
  let service: RunningService;
  let proxy: Awaited<ReturnType<typeof cuttableProxy>>;
  const logs: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const target = new URL(database.url);
    proxy = await cuttableProxy(target);
    const viaProxy = new URL(database.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const env = { NODE_ENV: 'test', HOST: '127.0.0.1', DATABASE_URL: viaProxy.toString(), DB_POOL_SIZE: '2' };
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
    const hub = new EmbeddedHub(createLogger({ level: 'silent' }));
    hub.seal(); // the only service of this process has subscribed
    service = await startService(probeService, {
      config: loadCommonConfig(env),
      env,
      logger,
      databaseUrl: viaProxy.toString(),
      hub,
      port: 0,
    });
  });
  afterAll(async () => {
    await service?.close().catch(() => undefined);
    await database?.drop();
  });

  const readyz = async () => {
    const res = await fetch(`${service.url}/readyz`);
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  it('answers 200 with the status of each dependency while all are up', async () => {
    const res = await readyz();
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ status: 'ready', checks: { database: 'up', runtime: 'up' } });
  });

  it('when the database is unreachable, answers 503 naming it, without its address or the driver message', async () => {
    await proxy.cut();
    const res = await until(readyz, (r) => r.status === 503, 10_000);
    expect(res.status).toBe(503);
    expect(res.type).toContain('application/problem+json');
    expect(JSON.parse(res.text)).toMatchObject({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      detail: 'not ready: database down',
      checks: { database: 'down', runtime: 'up' },
    });
    expect(res.text).not.toContain('127.0.0.1');
    expect(res.text).not.toContain(String(proxy.port));
    expect(res.text).not.toMatch(/ECONN|connect|terminat|socket/i);
    // The operator still learns why, from the log.
    expect(logs.some((l) => l.includes('not ready') && l.includes('database'))).toBe(true);
  });
});
