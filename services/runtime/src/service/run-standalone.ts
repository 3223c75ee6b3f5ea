// `npm start -w services/<name>`: one service alone, as `dapr run` starts it (RUNTIME=dapr).
import { loadCommonConfig } from '../config/common-config';
import { ConfigError } from '../config/env';
import { PortUnavailableError } from '../http/listen';
import { EmbeddedHub } from '../embedded/embedded-hub';
import { createLogger } from '../logging/logger';
import { Lifecycle } from '../lifecycle/shutdown';
import { resolveDatabase } from './resolve-database';
import { type ServiceDefinition, startService } from './service-host';

export async function runStandalone(def: ServiceDefinition): Promise<void> {
  const logger = createLogger({ name: def.name });
  try {
    const config = loadCommonConfig();
    const lifecycle = new Lifecycle(logger);
    const database = resolveDatabase(config, logger);
    lifecycle.onClose('embedded database', () => database.stop());
    // Alone without Dapr, the service still runs: its events stay in-process (useful for debugging).
    const hub = config.RUNTIME === 'embedded' ? new EmbeddedHub(logger) : undefined;
    const service = await startService(def, { config, logger, databaseUrl: await database.urlFor(def.name), hub, deferWorkers: true });
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
