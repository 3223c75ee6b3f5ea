// The order service's own settings, parsed once at boot (fail fast, naming the variable).
import { z } from 'zod';
import { parseEnv } from '@saga/runtime';

const OrderEnv = z.object({
  /** How long a placed order waits for its vendor's answer before it is rejected (and refunded) automatically. */
  VENDOR_ACCEPTANCE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(7 * 24 * 3600).default(300),
  /** A cart not written for this long is dropped by the state store (renewed on every write). */
  CART_TTL_SECONDS: z.coerce.number().int().min(1).max(365 * 24 * 3600).default(7 * 24 * 3600),
  /**
   * How long past its expiresAt a checkout may stay open while the gateway shows its payment
   * captured or authorised (the confirmation is on its way), or cannot be asked. Past it, the order
   * expires anyway and a payment found later is refunded. Its stock is not held that long: the
   * catalog's hold lapses HOLD_GRACE_SECONDS after expiresAt whatever the order waits for.
   */
  CHECKOUT_EXPIRY_MAX_DEFER_SECONDS: z.coerce.number().int().min(0).max(7 * 86_400).default(3600),
});

export type OrderConfig = ReturnType<typeof loadOrderConfig>;

export function loadOrderConfig(env: NodeJS.ProcessEnv) {
  const c = parseEnv(OrderEnv, env);
  return {
    vendorAnswerTimeoutSeconds: c.VENDOR_ACCEPTANCE_TIMEOUT_SECONDS,
    cartTtlSeconds: c.CART_TTL_SECONDS,
    checkoutExpiryMaxDeferSeconds: c.CHECKOUT_EXPIRY_MAX_DEFER_SECONDS,
  };
}
