import path from 'node:path';
import type { Logger } from 'pino';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';
import type { LocalConfig } from './local-config';

export interface ResolvedDatabase {
  /** The PostgreSQL URL a service connects to. */
  urlFor(service: string): Promise<string>;
  /** PGlite: one session for every connection. */
  singleSession: boolean;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set (every service in its own schema of it). Otherwise, for local runs, one
 * embedded PGlite per service under PGLITE_DIR/<service>: PGlite has a single session shared by
 * every connection, so services sharing one would share its search_path too.
 */
export function resolveDatabase(config: LocalConfig, logger: Logger): ResolvedDatabase {
  if (config.DATABASE_URL) {
    const url = config.DATABASE_URL;
    return { urlFor: async () => url, singleSession: false, stop: async () => {} };
  }
  logger.info(
    { dir: config.PGLITE_DIR },
    'DATABASE_URL is unset: starting embedded PostgreSQL (PGlite), one per service',
  );
  const started = new Map<string, Promise<EmbeddedPostgres>>();
  return {
    singleSession: true,
    async urlFor(service) {
      if (!started.has(service)) started.set(service, startEmbeddedPostgres(path.join(config.PGLITE_DIR, service)));
      return (await started.get(service)!).url;
    },
    async stop() {
      for (const instance of started.values()) await (await instance).stop();
    },
  };
}
