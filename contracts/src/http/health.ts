import { z } from 'zod';

/** GET /healthz: the process is alive. */
export const HealthStatus = z.object({ status: z.literal('ok') });
/** GET /readyz: the database and the runtime (sidecar or embedded hub) are reachable. */
export const ReadinessStatus = z.object({ status: z.literal('ready') });
