// The four services with RUNTIME=dapr, each alone behind its own sidecar double (as `dapr run -f .`
// starts them), all sidecars on one control plane; the Razorpay simulator; a database of its own.
// startService gets no hub, so each service builds the real DaprRuntime (@dapr/dapr) and serves
// its subscriptions from its own express app.
import { catalogService } from '@saga/catalog';
import { notificationsService } from '@saga/notifications';
import { orderService } from '@saga/order';
import { paymentsService } from '@saga/payments';
import { type RazorpaySimulator, type SimulatorOptions, createRazorpaySimulator } from '@saga/razorpay-sim';
import { type Logger, type RunningService, type ServiceName, createLogger, loadCommonConfig, startService } from '@saga/runtime';
import { Client } from 'pg';
import { WEBHOOK_PATH, systemUrls } from '../../tools/system/start-system';
import { DaprControlPlane, type DaprControlPlaneOptions, type DaprSidecarDouble } from './dapr-sidecar-double';
import { createTestDatabase, type TestDatabase } from './test-database';
import { type CheckoutOptions, postCheckout } from './checkout-client';
import { catalogFixtures } from './catalog-fixtures';

export interface DaprSystemOptions {
  /** Environment for every service, on top of process.env and the test defaults. */
  env?: Record<string, string>;
  /** Per-service environment (DAPR_API_TOKEN, APP_API_TOKEN, ...); the sidecar double gets the same tokens. */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  controlPlane?: DaprControlPlaneOptions;
  simulator?: SimulatorOptions;
}

export interface DaprTestSystem {
  controlPlane: DaprControlPlane;
  sidecars: Record<ServiceName, DaprSidecarDouble>;
  services: Record<ServiceName, RunningService>;
  sim: RazorpaySimulator;
  database: TestDatabase;
  urls: Record<ServiceName | 'simulator', string>;
  logger: Logger;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  addProduct(p: { productId: string; vendorId: string; price: number; stock: number; name?: string }): Promise<void>;
  stockOf(productId: string): Promise<{ stock: number; reserved: number }>;
  checkout(cartItems: unknown, options?: CheckoutOptions): ReturnType<typeof postCheckout>;
  close(): Promise<void>;
}

const ALL_SERVICES = [catalogService, paymentsService, orderService, notificationsService];

export async function startDaprTestSystem(options: DaprSystemOptions = {}): Promise<DaprTestSystem> {
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch((err) => logger.error({ err }, 'close failed'));
  };

  try {
    const database = await createTestDatabase();
    closers.push(() => database.drop());

    const sim = createRazorpaySimulator({ webhookRetries: 0, logger: logger.child({ service: 'razorpay-sim' }), ...options.simulator });
    const { url: simUrl } = await sim.listen(0, '127.0.0.1');
    closers.push(() => sim.close());

    const controlPlane = new DaprControlPlane(options.controlPlane);
    closers.push(() => controlPlane.close());

    const baseEnv: NodeJS.ProcessEnv = {
      ...process.env,
      RUNTIME: 'dapr',
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      SEED_DEMO_CATALOG: 'false',
      HOST: '127.0.0.1',
      DAPR_HOST: '127.0.0.1',
      ORDER_PORT: '0',
      CATALOG_PORT: '0',
      PAYMENTS_PORT: '0',
      NOTIFICATIONS_PORT: '0',
      DB_POOL_SIZE: '5',
      RAZORPAY_API_URL: simUrl,
      ...options.env,
    };
    // Tokens come from the per-service env only: one service's token must not leak to another.
    delete baseEnv.DAPR_API_TOKEN;
    delete baseEnv.APP_API_TOKEN;

    const sidecars = {} as Record<ServiceName, DaprSidecarDouble>;
    const services = {} as Record<ServiceName, RunningService>;
    // All four boot at once, as `dapr run -f .` starts them: each sidecar first, then its app, whose
    // URL is registered (app channel + GET /dapr/subscribe) as soon as it listens.
    const started = await Promise.allSettled(
      ALL_SERVICES.map(async (def) => {
        const serviceEnv: NodeJS.ProcessEnv = { ...baseEnv, ...options.serviceEnv?.[def.name] };
        const appId = loadCommonConfig(serviceEnv).appIds[def.name];
        const sidecar = await controlPlane.startSidecar({ appId, apiToken: serviceEnv.DAPR_API_TOKEN, appApiToken: serviceEnv.APP_API_TOKEN });
        sidecars[def.name] = sidecar;
        const env = { ...serviceEnv, DAPR_HTTP_PORT: String(sidecar.port) };
        const service = await startService(def, { config: loadCommonConfig(env), env, logger, databaseUrl: database.url, port: 0 });
        services[def.name] = service;
        closers.push(() => service.close());
        await controlPlane.registerApp(appId, service.url);
      }),
    );
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    sim.configure({ webhookUrl: `${services.payments.url}${WEBHOOK_PATH}` });

    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    closers.splice(1, 0, () => pg.end()); // ends after the services stop, before the database is dropped
    const sql = async <T>(text: string, params: unknown[] = []) => (await pg.query(text, params)).rows as T[];

    return {
      controlPlane,
      sidecars,
      services,
      sim,
      database,
      logger,
      urls: systemUrls(services, simUrl),
      sql,
      ...catalogFixtures(sql),
      checkout: (cartItems, opts) => postCheckout(services.order.url, cartItems, opts),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
