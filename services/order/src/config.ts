// The order service's own settings, parsed once at boot (fail fast, naming the variable).
import { z } from 'zod';
import { parseEnv } from '@saga/runtime';

const OrderEnv = z.object({
  /** How long a placed order waits for its vendor's answer before it is rejected (and refunded) automatically. */
  VENDOR_ACCEPTANCE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(7 * 24 * 3600).default(300),
  /** A cart not written for this long is dropped by the state store (renewed on every write). */
  CART_TTL_SECONDS: z.coerce.number().int().min(1).max(365 * 24 * 3600).default(7 * 24 * 3600),
});

export type OrderConfig = ReturnType<typeof loadOrderConfig>;

export function loadOrderConfig(env: NodeJS.ProcessEnv) {
  const c = parseEnv(OrderEnv, env);
  return { vendorAnswerTimeoutSeconds: c.VENDOR_ACCEPTANCE_TIMEOUT_SECONDS, cartTtlSeconds: c.CART_TTL_SECONDS };
}
