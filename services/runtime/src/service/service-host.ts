// Boots one service the same way in every mode: database and migrations, metrics, the express app
// with the service's routes, runtime subscriptions (served to Dapr from the same app), background
// workers, then the HTTP listener. Closing reverses it.
import type http from 'node:http';
import type { Express } from 'express';
import type { EntitySchema } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { type TokenVerifier, createTokenVerifier } from '../auth/jwt';
import type { CommonConfig } from '../config/common-config';
import { DaprRuntime } from '../dapr/dapr-runtime';
import { mountDaprSubscriptions } from '../dapr/subscription-routes';
import { Database, type MigrationDef } from '../db/database';
import { createApp, finishApp } from '../http/create-app';
import { listen } from '../http/listen';
import { Lifecycle } from '../lifecycle/shutdown';
import { createServiceMetrics, type ServiceMetrics } from '../metrics/metrics';
import type { RuntimePort } from '../port/runtime-port';
import type { ServiceAddress } from './service-address';
import { createOutbox, type Outbox } from '../messaging/outbox';
import { OutboxRelay } from '../messaging/outbox-relay';
import { captureDeadLetters } from '../messaging/dead-letters';
import { loadRetentionConfig } from '../messaging/retention-config';
import { runtimeMigrations } from '../messaging/retention-migration';
import { messagingEntities } from '../messaging/entities';
import { messagingRetentionRules, type RetentionRule, retentionWorker } from '../messaging/retention';

export interface ServiceContext {
  name: string;
  config: CommonConfig;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  runtime: RuntimePort;
  db: Database;
  metrics: ServiceMetrics;
  verifyToken: TokenVerifier;
  lifecycle: Lifecycle;
  /** Transactions whose events are published after commit (outbox), and once-only consumers (inbox). */
  outbox: Outbox;
  relay: OutboxRelay;
}

export interface Worker {
  name: string;
  start(): void;
  stop(): Promise<void>;
}

export interface BuiltService {
  /** Background loops (sweepers, relays); started after listening, stopped before the database closes. */
  workers?: Worker[];
  /** The service's own tables the retention sweep keeps short (the runtime's are swept anyway). */
  retention?: RetentionRule[];
  onListening?(server: http.Server): void;
}

export interface ServiceDefinition {
  name: string;
  schema: string;
  migrations: MigrationDef[];
  /** Its own port and Dapr app id, from its own variables (the service's config.ts), read at boot. */
  address(env: NodeJS.ProcessEnv, config: CommonConfig): ServiceAddress;
  /**
   * The service's own entities: the single source of its schema, which `migrations` must match
   * (generated from them: npm run db:migration:create; checked: npm run db:check).
   */
  entities?: EntitySchema[];
  build(ctx: ServiceContext, app: Express): Promise<BuiltService> | BuiltService;
}

/** A service schema's migrations and entities, the runtime's messaging tables first. */
export function schemaModelOf(def: Pick<ServiceDefinition, 'migrations' | 'entities'>): {
  migrations: MigrationDef[];
  entities: EntitySchema[];
} {
  return {
    migrations: [...runtimeMigrations, ...def.migrations],
    entities: [...messagingEntities, ...(def.entities ?? [])],
  };
}

export interface StartOptions {
  config: CommonConfig;
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  databaseUrl: string;
  /** Embedded mode: the in-process hub (@saga/dev-harness); absent: the Dapr sidecar. */
  hub?: InProcessRuntime;
  /** The database server has one session for every connection (PGlite, local runs only). */
  singleSessionDatabase?: boolean;
  port?: number;
  /**
   * Leave the workers (the outbox relay first) to `startWorkers()`: several services in one process
   * start them once every one of them has subscribed, so no relay publishes what a later service
   * would have consumed (start-system.ts).
   */
  deferWorkers?: boolean;
}

/** A runtime that serves several services of one process instead of their sidecars. */
export interface InProcessRuntime {
  runtimeFor(appId: string): RuntimePort;
  /** Where the app answers invocations, and the credential its internal routes require. */
  registerEndpoint(appId: string, baseUrl: string, serviceToken?: string): void;
}

export interface RunningService {
  name: string;
  url: string;
  port: number;
  ctx: ServiceContext;
  /** The express app as served, every route mounted (the OpenAPI surface test walks its routers). */
  app: Express;
  /** The service's background workers by name (tests run their passes directly). */
  workers: Record<string, Worker>;
  /** Starts the workers, if `deferWorkers` left them stopped (once; later calls do nothing). */
  startWorkers(): void;
  close(): Promise<void>;
}

export async function startService(def: ServiceDefinition, options: StartOptions): Promise<RunningService> {
  const { config } = options;
  const logger = options.logger.child({ service: def.name });
  const lifecycle = new Lifecycle(logger);
  const env = options.env ?? process.env;
  const address = def.address(env, config);
  const appId = address.appId;
  const retention = loadRetentionConfig(env);
  const runtime: RuntimePort = options.hub
    ? options.hub.runtimeFor(appId)
    : new DaprRuntime({
        appId,
        daprHost: config.DAPR_HOST,
        daprHttpPort: config.DAPR_HTTP_PORT,
        daprApiToken: config.DAPR_API_TOKEN,
        pubsubName: config.PUBSUB_NAME,
        stateStoreName: config.STATE_STORE_NAME,
        logger,
      });
  lifecycle.onClose('runtime', () => runtime.close());

  const db = await Database.connect({
    url: options.databaseUrl,
    schema: def.schema,
    ...schemaModelOf(def),
    poolSize: config.DB_POOL_SIZE,
    logger,
    serverFeatures: !options.singleSessionDatabase && config.DB_PIPELINE,
    singleSession: options.singleSessionDatabase ?? false,
  });
  lifecycle.onClose('database', () => db.close());
  await db.migrate();

  const metrics = createServiceMetrics(def.name);
  const relay = new OutboxRelay(db, runtime, logger, metrics.registry, {
    pollIntervalMs: Number(options.env?.OUTBOX_POLL_MS ?? 1000),
    handOverLeaseSeconds: config.OUTBOX_HANDOVER_LEASE_SECONDS,
  });
  const deadLetters = captureDeadLetters(runtime, db, logger, metrics.registry);
  const ctx: ServiceContext = {
    name: def.name,
    config,
    env,
    logger,
    runtime: deadLetters.runtime,
    db,
    metrics,
    verifyToken: createTokenVerifier(config),
    lifecycle,
    outbox: createOutbox(db, relay),
    relay,
  };
  if (config.APP_API_TOKEN === undefined) {
    logger.warn(
      'APP_API_TOKEN is unset: internal routes and Dapr deliveries accept calls without a credential. Set it for the app and its daprd alike (NODE_ENV=production requires it)',
    );
  }
  const app = createApp({
    name: def.name,
    logger,
    metrics,
    readiness: { database: () => db.ping(), runtime: () => runtime.checkReady() },
    serviceToken: config.APP_API_TOKEN,
  });
  deadLetters.mountRoutes(app);
  const built = await def.build(ctx, app);
  if (runtime instanceof DaprRuntime) {
    mountDaprSubscriptions(app, {
      pubsubName: config.PUBSUB_NAME,
      subscriptions: runtime.subscriptions,
      appApiToken: config.APP_API_TOKEN,
      logger,
    });
  }
  finishApp(app, logger);

  const server = await listen(app, options.port ?? address.port, config.HOST, {
    service: def.name,
    portVariable: address.portVariable,
  }).catch(async (err: unknown) => {
    await lifecycle.close(); // the pool and the runtime opened above
    throw err;
  });
  built.onListening?.(server.server);
  options.hub?.registerEndpoint(appId, server.url, config.APP_API_TOKEN);
  const workers: Record<string, Worker> = {};
  const retentionSweep = retentionWorker(
    db,
    logger,
    metrics.registry,
    [...messagingRetentionRules(retention), ...(built.retention ?? [])],
    retention,
  );
  for (const worker of [relay, retentionSweep, ...(built.workers ?? [])]) {
    workers[worker.name] = worker;
    lifecycle.onClose(`worker ${worker.name}`, () => worker.stop());
  }
  let workersStarted = false;
  const startWorkers = () => {
    if (workersStarted) return;
    workersStarted = true;
    for (const worker of Object.values(workers)) worker.start();
  };
  if (!options.deferWorkers) startWorkers();
  lifecycle.onClose('http', () => server.close());
  logger.info({ url: server.url, runtime: runtime.kind }, `${def.name} listening`);
  return {
    name: def.name,
    url: server.url,
    port: server.port,
    ctx,
    app,
    workers,
    startWorkers,
    close: () => lifecycle.close(),
  };
}
