// A service's own main (services/<name>/src/main.ts), as its image and `dapr run` start it: next to
// its Dapr sidecar, on a real PostgreSQL. The in-process hub and PGlite are for local runs and live
// in @saga/dev-harness (`npm start`, `npm start -w services/<name>`).
import { type CommonConfig, loadCommonConfig } from '../config/common-config';
import { ConfigError } from '../config/env';
import { PortUnavailableError } from '../http/listen';
import { createLogger } from '../logging/logger';
import { Lifecycle } from '../lifecycle/shutdown';
import { type ServiceDefinition, startService } from './service-host';

/** What a service run alone on its sidecar needs: RUNTIME=dapr and a DATABASE_URL. */
export function requireSidecarAndDatabase(config: CommonConfig): CommonConfig & { DATABASE_URL: string } {
  const problems: string[] = [];
  if (config.RUNTIME !== 'dapr') {
    problems.push(
      'RUNTIME: must be dapr for a service started from its own main (the embedded runtime is for local runs: npm start, or npm start -w services/<name>)',
    );
  }
  if (!config.DATABASE_URL) {
    problems.push(
      'DATABASE_URL: required for a service started from its own main (an embedded PGlite is for local runs: npm start, or npm start -w services/<name>)',
    );
  }
  if (problems.length) throw new ConfigError(problems);
  return config as CommonConfig & { DATABASE_URL: string };
}

export async function runStandalone(def: ServiceDefinition): Promise<void> {
  const logger = createLogger({ name: def.name });
  try {
    const config = requireSidecarAndDatabase(loadCommonConfig());
    const lifecycle = new Lifecycle(logger);
    const service = await startService(def, { config, logger, databaseUrl: config.DATABASE_URL });
    lifecycle.onClose(def.name, () => service.close());
    lifecycle.handleSignals();
  } catch (err) {
    // A mistake of configuration is told as it is, in one line; anything else with its reason.
    if (err instanceof ConfigError || err instanceof PortUnavailableError) logger.fatal(err.message);
    else logger.fatal({ err: (err as Error).message }, `${def.name} failed to start`);
    process.exit(1);
  }
}
