// The four services as `dapr run -f dapr.yaml` runs them: each in its own process with
// RUNTIME=dapr, each next to its own real daprd, on the shipped components (Redis Streams pub/sub,
// PostgreSQL state store) and the shipped resiliency; the Razorpay simulator; a database and a
// Redis database of the test's own. With recordAppRequests, a recording proxy stands between each
// sidecar and its app, so a test sees what daprd handed the apps (tests/support/recording-proxy.ts).
import { Client } from 'pg';
import { type ChildHandle, childProcess } from './child-process';
import { catalogFixtures } from './catalog-fixtures';
import { type CheckoutOptions, postCheckout } from './checkout-client';
import { latePort } from './late-port';
import { createRazorpaySimulator, type RazorpaySimulator } from './multiprocess-imports';
import { type AppRequest, recordingProxy } from './recording-proxy';
import { type Daprd, type DaprResources, type ResourceOptions, daprd, writeDaprResources } from './real-daprd';
import { createTestDatabase, type TestDatabase } from './test-database';

export const SERVICES = ['catalog', 'payments', 'order', 'notifications'] as const;
export type Service = (typeof SERVICES)[number];

export interface RealDaprSystemOptions {
  resources?: Omit<ResourceOptions, 'databaseUrl'>;
  /** Environment for every service. */
  env?: Record<string, string>;
  /** Per-service environment for the app (APP_API_TOKEN, ...). */
  serviceEnv?: Partial<Record<Service, Record<string, string>>>;
  /** Per-service environment for its sidecar (APP_API_TOKEN, DAPR_API_TOKEN as daprd reads them). */
  sidecarEnv?: Partial<Record<Service, Record<string, string>>>;
  /** Puts a recording proxy between each sidecar and its app (see appRequests). */
  recordAppRequests?: boolean;
}

export interface RealDaprSystem {
  urls: Record<Service, string>;
  apps: Record<Service, ChildHandle>;
  sidecars: Record<Service, Daprd>;
  /** What the sidecars sent their apps, in arrival order: filled with recordAppRequests, else empty. */
  appRequests: AppRequest[];
  sim: RazorpaySimulator;
  database: TestDatabase;
  resources: DaprResources;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  addProduct(p: { productId: string; vendorId: string; price: number; stock: number; name?: string }): Promise<void>;
  stockOf(productId: string): Promise<{ stock: number; reserved: number }>;
  checkout(cartItems: unknown, options?: CheckoutOptions): ReturnType<typeof postCheckout>;
  /** Waits until every sidecar lists the subscriptions its app declared. */
  subscribed(timeoutMs?: number): Promise<void>;
  /** The last lines of every app's and sidecar's output, for a failing assertion's message. */
  logs(): string;
  close(): Promise<void>;
}

/** Redis databases 1-15, one per test system in this process's run (0 is left to `dapr run`). */
let nextRedisDb = 1;

export async function flushRedisDb(db: number): Promise<void> {
  const { createConnection } = await import('node:net');
  await new Promise<void>((resolve, reject) => {
    const socket = createConnection(6379, '127.0.0.1', () => socket.write(`SELECT ${db}\r\nFLUSHDB\r\nQUIT\r\n`));
    socket.on('error', reject);
    socket.on('close', () => resolve());
    socket.resume();
  });
}

export async function startRealDaprSystem(options: RealDaprSystemOptions = {}): Promise<RealDaprSystem> {
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch(() => undefined);
  };
  try {
    const database = await createTestDatabase();
    closers.push(() => database.drop());
    const redisDb = options.resources?.redisDb ?? (nextRedisDb++ % 15) + 1;
    await flushRedisDb(redisDb);
    const resources = writeDaprResources({ redisDb, ...options.resources, databaseUrl: database.url });
    closers.push(async () => resources.remove());

    const sim = createRazorpaySimulator({ webhookRetries: 0 });
    const simUrl = (await sim.listen(0, '127.0.0.1')).url;
    closers.push(() => sim.close());

    const urls = {} as Record<Service, string>;
    const apps = {} as Record<Service, ChildHandle>;
    const sidecars = {} as Record<Service, Daprd>;
    const appRequests: AppRequest[] = [];
    // A starting daprd creates the state store's tables, and two creating them at once can fail
    // (42P07, relation "dapr_metadata" already exists) and exit: the first sidecar starts alone.
    let firstSidecarStarted: Promise<void> | undefined;
    await Promise.all(
      SERVICES.map(async (name) => {
        const port = await latePort();
        urls[name] = `http://127.0.0.1:${port}`;
        // The sidecar reaches its app directly, or through a recording proxy in front of it.
        const proxy = options.recordAppRequests ? recordingProxy(name, port, await latePort(), appRequests) : undefined;
        if (proxy) closers.push(() => proxy.close());
        const sidecar = await daprd({
          appId: name,
          appPort: proxy?.port ?? port,
          resources,
          env: options.sidecarEnv?.[name],
        });
        sidecars[name] = sidecar;
        closers.push(() => sidecar.stop());
        if (firstSidecarStarted) await firstSidecarStarted.then(() => sidecar.start());
        else await (firstSidecarStarted = sidecar.start());
        const app = childProcess(
          `services/${name}/src/main.ts`,
          {
            RUNTIME: 'dapr',
            DATABASE_URL: database.url,
            DAPR_HTTP_PORT: String(sidecar.httpPort),
            DAPR_HOST: '127.0.0.1',
            [`${name.toUpperCase()}_PORT`]: String(port),
            HOST: '127.0.0.1',
            SEED_DEMO_CATALOG: 'false',
            RAZORPAY_API_URL: simUrl,
            DB_POOL_SIZE: '4',
            ...options.env,
            ...options.serviceEnv?.[name],
          },
          [urls[name]],
          60_000,
        );
        apps[name] = app;
        closers.push(() => app.stop());
        await Promise.all([app.start(), proxy?.openWhenAppLives(60_000)]);
      }),
    );
    sim.configure({ webhookUrl: `${urls.payments}/api/v1/webhooks/razorpay` });

    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    closers.splice(1, 0, () => pg.end());
    const sql = async <T>(text: string, params: unknown[] = []) => (await pg.query(text, params)).rows as T[];
    const logs = () =>
      SERVICES.map(
        (s) => `--- ${s} app\n${apps[s].output().slice(-1500)}\n--- ${s} daprd\n${sidecars[s].output().slice(-1500)}`,
      ).join('\n');

    const system: RealDaprSystem = {
      urls,
      apps,
      sidecars,
      appRequests,
      sim,
      database,
      resources,
      sql,
      ...catalogFixtures(sql),
      checkout: (cartItems, opts) => postCheckout(urls.order, cartItems, opts),
      logs,
      async subscribed(timeoutMs = 20_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const counts = await Promise.all(
            SERVICES.map((s) =>
              sidecars[s].metadata().then(
                (m) => m.subscriptions?.length ?? 0,
                () => 0,
              ),
            ),
          );
          // catalog, notifications, payments: order-events + its dead letters; order: payment-events + its dead letters.
          if (counts.every((n) => n >= 2)) return;
          if (Date.now() > deadline) throw new Error(`sidecars have ${counts.join(', ')} subscriptions\n${logs()}`);
          await new Promise((r) => setTimeout(r, 200));
        }
      },
      close,
    };
    await system.subscribed();
    return system;
  } catch (err) {
    await close();
    throw err;
  }
}
