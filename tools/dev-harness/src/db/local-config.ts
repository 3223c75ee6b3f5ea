// The shared config for a local run (npm start, a service alone, tests): the runtime's own, plus
// where PGlite keeps its data when DATABASE_URL is unset.
import { type CommonConfig, loadCommonConfig, parseEnv } from '@saga/runtime';
import { z } from 'zod';

const LocalEnv = z.object({ PGLITE_DIR: z.string().default('./.data/pglite') });

export type LocalConfig = CommonConfig & { PGLITE_DIR: string };

export function loadLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const common = loadCommonConfig(env);
  return {
    ...common,
    PGLITE_DIR: parseEnv(LocalEnv, env).PGLITE_DIR,
    // Embedded PGlite (no DATABASE_URL) has one session: a second connection's extended-protocol
    // messages could interleave with the first's, so each service keeps exactly one.
    DB_POOL_SIZE: common.DATABASE_URL ? common.DB_POOL_SIZE : 1,
  };
}
