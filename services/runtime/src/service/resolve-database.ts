import { startEmbeddedPostgres } from '../db/embedded-postgres';
import type { CommonConfig } from '../config/common-config';
import type { Logger } from 'pino';

/** DATABASE_URL when set; otherwise an embedded PGlite under PGLITE_DIR (local runs only). */
export async function resolveDatabase(config: CommonConfig, logger: Logger): Promise<{ url: string; stop(): Promise<void> }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, stop: async () => {} };
  logger.info({ dir: config.PGLITE_DIR }, 'DATABASE_URL is unset: starting embedded PostgreSQL (PGlite)');
  return startEmbeddedPostgres(config.PGLITE_DIR);
}
