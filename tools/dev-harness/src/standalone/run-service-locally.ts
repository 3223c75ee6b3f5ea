// `npm start -w services/<name>` (and `dapr run -f dapr.yaml`): one service alone for a local run.
// As its production main (services/<name>/src/main.ts) but also with what only local runs use:
// RUNTIME=embedded keeps its events in-process (useful for debugging), and without DATABASE_URL it
// gets an embedded PGlite under PGLITE_DIR/<name>.
import {
  ConfigError,
  Lifecycle,
  PortUnavailableError,
  type ServiceDefinition,
  createLogger,
  startService,
} from '@saga/runtime';
import { EmbeddedHub } from '../embedded/embedded-hub';
import { loadLocalConfig } from '../db/local-config';
import { resolveDatabase } from '../db/resolve-database';

export async function runServiceLocally(def: ServiceDefinition, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const logger = createLogger({ name: def.name });
  try {
    const config = loadLocalConfig(env);
    const lifecycle = new Lifecycle(logger);
    const database = resolveDatabase(config, logger);
    lifecycle.onClose('embedded database', () => database.stop());
    const hub = config.RUNTIME === 'embedded' ? new EmbeddedHub(logger) : undefined;
    const service = await startService(def, {
      config,
      env,
      logger,
      databaseUrl: await database.urlFor(def.name),
      singleSessionDatabase: database.singleSession,
      hub,
      deferWorkers: true,
    });
    lifecycle.onClose(def.name, () => service.close());
    // The only service of the process has subscribed (see start-system.ts for several).
    hub?.seal();
    service.startWorkers();
    // Registered last, so closed first: deliveries stop before the service's pool closes.
    if (hub) lifecycle.onClose('embedded hub', () => hub.close());
    lifecycle.handleSignals();
  } catch (err) {
    // A mistake of configuration is told as it is, in one line; anything else with its reason.
    if (err instanceof ConfigError || err instanceof PortUnavailableError) logger.fatal(err.message);
    else logger.fatal({ err: (err as Error).message }, `${def.name} failed to start`);
    process.exit(1);
  }
}
