import { z } from 'zod';

/** GET /healthz: the process is alive. */
export const HealthStatus = z.object({ status: z.literal('ok') });

/** One dependency's state; never where it lives or what its driver said (that goes to the log). */
export const DependencyState = z.enum(['up', 'down']);

/**
 * GET /readyz: the database and the runtime (sidecar or embedded hub) are reachable. When not,
 * the 503 problem+json carries the same `checks`, with `down` for each one that failed.
 */
export const ReadinessStatus = z.object({
  status: z.literal('ready'),
  checks: z
    .record(z.string(), DependencyState)
    .optional()
    .describe('Each dependency by name (database, runtime): up or down'),
});
