// Applies each service's database migrations and exits: what the Kubernetes migration Job runs
// (deploy/base/migrate-job.yaml), one container per service image:
//
//   node dist/order/migrate.js order                        # in the order image: DATABASE_URL from the environment
//   node --import tsx deploy/scripts/migrate.ts              # from the repository: all four services, one DATABASE_URL
//
// deploy/scripts/build-services.ts compiles it into each image with that image's service only.
//
// Exactly what the service host does at boot (services/runtime/src/service/service-host.ts): connect
// to the service's own schema with the runtime's migrations (outbox, inbox, their retention indexes) first, then the
// service's own migrations, and apply what is pending. The services still migrate at boot too, so
// the Job only makes a rollout's schema change happen once, before the new pods, and visibly (a
// failed migration fails the Job instead of crash-looping every pod). Running it twice is harmless.
//
// Each service definition is imported lazily: an image holds only its own service's code.
import { Database, type Logger, type ServiceDefinition, createLogger, runtimeMigrations } from '@saga/runtime';

export const SERVICE_NAMES = ['catalog', 'payments', 'order', 'notifications'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const definitions: Record<ServiceName, () => Promise<ServiceDefinition>> = {
  catalog: async () => (await import('@saga/catalog')).catalogService,
  payments: async () => (await import('@saga/payments')).paymentsService,
  order: async () => (await import('@saga/order')).orderService,
  notifications: async () => (await import('@saga/notifications')).notificationsService,
};

export const isServiceName = (name: string): name is ServiceName => (SERVICE_NAMES as readonly string[]).includes(name);

export function loadServiceDefinition(name: ServiceName): Promise<ServiceDefinition> {
  return definitions[name]();
}

/** Applies the pending migrations of one service's schema, then closes its connections. */
export async function migrateService(def: ServiceDefinition, databaseUrl: string, logger: Logger): Promise<void> {
  const db = await Database.connect({
    url: databaseUrl,
    schema: def.schema,
    migrations: [...runtimeMigrations, ...def.migrations],
    poolSize: 2,
    logger,
  });
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
}

/** Migrates the named services in order; rejects on the first failure. */
export async function migrateServices(
  names: readonly ServiceName[],
  databaseUrl: string,
  logger: Logger,
): Promise<void> {
  for (const name of names) {
    const def = await loadServiceDefinition(name);
    const started = Date.now();
    await migrateService(def, databaseUrl, logger);
    logger.info({ service: name, schema: def.schema, ms: Date.now() - started }, 'migrations applied');
  }
}

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const logger = createLogger({ name: 'migrate', level: env.LOG_LEVEL ?? 'info' });
  const unknown = argv.filter((a) => !isServiceName(a));
  if (unknown.length) {
    logger.fatal({ unknown, known: SERVICE_NAMES }, 'unknown service name');
    return 2;
  }
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    logger.fatal('DATABASE_URL: required (the PostgreSQL server of the services being migrated)');
    return 2;
  }
  const names = argv.length ? (argv as ServiceName[]) : SERVICE_NAMES;
  try {
    await migrateServices(names, databaseUrl, logger);
    return 0;
  } catch (err) {
    logger.fatal({ err: (err as Error).message }, 'migration failed');
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
