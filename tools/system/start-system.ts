// The whole saga in one process (RUNTIME=embedded): the Razorpay simulator, the in-process hub and
// the four services, each on its own port with its own schema. Used by `npm start`, the end-to-end
// tests and the benchmark, so all three exercise the same wiring.
import {
  type CommonConfig,
  type Logger,
  type RunningService,
  type ServiceDefinition,
  createLogger,
  describeListenError,
  startService,
} from '@saga/runtime';
import { type DeliveryPolicy, EmbeddedHub, loadLocalConfig, resolveDatabase } from '@saga/dev-harness';
import { catalogService } from '@saga/catalog';
import { notificationsService } from '@saga/notifications';
import { orderService } from '@saga/order';
import { paymentsService } from '@saga/payments';
import { type RazorpaySimulator, type SimulatorOptions, createRazorpaySimulator } from '@saga/razorpay-sim';

export const WEBHOOK_PATH = '/api/v1/webhooks/razorpay';

/** The services this system runs, in the order they start. */
export type ServiceName = 'catalog' | 'payments' | 'order' | 'notifications';

/** Where each running service, and the simulator (or Razorpay), answers. */
export function systemUrls(
  services: Record<ServiceName, RunningService>,
  simulator: string,
): Record<ServiceName | 'simulator', string> {
  return {
    order: services.order.url,
    catalog: services.catalog.url,
    payments: services.payments.url,
    notifications: services.notifications.url,
    simulator,
  };
}

export interface SystemOptions {
  /** Overrides on top of process.env (ports, secrets, intervals...). */
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** Simulator knobs; the simulator is skipped when RAZORPAY_API_URL is set and this is absent. */
  simulator?: SimulatorOptions;
  /** Retry schedule of in-process delivery (tests shorten it). */
  deliveryPolicy?: DeliveryPolicy;
}

export interface RunningSystem {
  config: CommonConfig;
  env: NodeJS.ProcessEnv;
  hub: EmbeddedHub;
  sim?: RazorpaySimulator;
  services: Record<ServiceName, RunningService>;
  urls: Record<ServiceName | 'simulator', string>;
  logger: Logger;
  close(): Promise<void>;
}

export async function startEmbeddedSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const env: NodeJS.ProcessEnv = { ...process.env, RUNTIME: 'embedded', ...options.env };
  const config = loadLocalConfig(env);
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL, name: 'saga' });
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch((err) => logger.error({ err }, 'close failed'));
  };

  try {
    const database = resolveDatabase(config, logger);
    closers.push(() => database.stop());

    let sim: RazorpaySimulator | undefined;
    if (!env.RAZORPAY_API_URL || options.simulator) {
      sim = createRazorpaySimulator({
        keyId: env.RAZORPAY_KEY_ID,
        keySecret: env.RAZORPAY_KEY_SECRET,
        webhookSecret: env.RAZORPAY_WEBHOOK_SECRET,
        logger: logger.child({ service: 'razorpay-sim' }),
        // Its state in the system's database (schema razorpay_sim; PGlite: one of its own), so a
        // restart keeps unpaid orders payable.
        databaseUrl: await database.urlFor('razorpay-sim'),
        ...options.simulator,
      });
      const simPort = Number(env.RAZORPAY_SIM_PORT || 3099);
      const { url } = await sim.listen(simPort, '127.0.0.1').catch((err: unknown) => {
        throw describeListenError(err, simPort, { service: 'razorpay-sim', portVariable: 'RAZORPAY_SIM_PORT' });
      });
      closers.push(() => sim!.close());
      env.RAZORPAY_API_URL = url;
    }

    const hub = new EmbeddedHub(logger, options.deliveryPolicy);
    const services = {} as Record<ServiceName, RunningService>;
    const definitions: Record<ServiceName, ServiceDefinition> = {
      catalog: catalogService,
      payments: paymentsService,
      order: orderService,
      notifications: notificationsService,
    };
    for (const [name, def] of Object.entries(definitions) as Array<[ServiceName, ServiceDefinition]>) {
      const databaseUrl = await database.urlFor(def.name);
      services[name] = await startService(def, {
        config,
        env,
        logger,
        databaseUrl,
        singleSessionDatabase: database.singleSession,
        hub,
        deferWorkers: true,
      });
      closers.push(() => services[name].close());
    }
    // Closed first: deliveries stop while every service's pool and server are still open, so no
    // retry meets a closed pool and nothing is dead-lettered for a shutdown.
    closers.push(() => hub.close());
    // Only now that every service has subscribed may anything be published: a relay started with
    // its own service would hand what a crash left in its outbox to the services already up and
    // mark it published, and a service still starting would never get it.
    hub.seal();
    for (const service of Object.values(services)) service.startWorkers();
    sim?.configure({ webhookUrl: `${services.payments.url}${WEBHOOK_PATH}` });

    return {
      config,
      env,
      hub,
      sim,
      services,
      logger,
      urls: systemUrls(services, sim?.url ?? (env.RAZORPAY_API_URL as string)),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
