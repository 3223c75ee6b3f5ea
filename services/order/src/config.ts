// The order service's own settings, parsed once at boot (fail fast, naming the variable).
import { z } from 'zod';
import { type ServiceAddress, parseEnv, port, seconds } from '@saga/runtime';

const OrderEnv = z.object({
  ORDER_PORT: port(3001),
  APP_ID_ORDER: z.string().default('order'),
  /** The services it invokes, by their Dapr app ids. */
  APP_ID_CATALOG: z.string().default('catalog'),
  APP_ID_PAYMENTS: z.string().default('payments'),
  /** How long an unpaid checkout holds its stock before the order expires. */
  CHECKOUT_EXPIRY_SECONDS: seconds(900),
  /** Checkouts in progress per replica; past it, 503 at once (load shedding, see checkout/in-flight-limit.ts). */
  CHECKOUT_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(256),
  /** How long a placed order waits for its vendor's answer before it is rejected (and refunded) automatically. */
  VENDOR_ACCEPTANCE_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(300),
  /** A cart not written for this long is dropped by the state store (renewed on every write). */
  CART_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(365 * 24 * 3600)
    .default(7 * 24 * 3600),
  /**
   * How long past its expiresAt a checkout may stay open while the gateway shows its payment
   * captured or authorised (the confirmation is on its way), or cannot be asked. Past it, the order
   * expires anyway and a payment found later is refunded. Its stock is not held that long: the
   * catalog's hold lapses HOLD_GRACE_SECONDS after expiresAt whatever the order waits for.
   */
  CHECKOUT_EXPIRY_MAX_DEFER_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(3600),
});

export type OrderConfig = ReturnType<typeof loadOrderConfig>;

export function loadOrderConfig(env: NodeJS.ProcessEnv) {
  const c = parseEnv(OrderEnv, env);
  return {
    address: { port: c.ORDER_PORT, portVariable: 'ORDER_PORT', appId: c.APP_ID_ORDER } satisfies ServiceAddress,
    catalogAppId: c.APP_ID_CATALOG,
    paymentsAppId: c.APP_ID_PAYMENTS,
    checkoutExpirySeconds: c.CHECKOUT_EXPIRY_SECONDS,
    checkoutMaxInFlight: c.CHECKOUT_MAX_IN_FLIGHT,
    vendorAnswerTimeoutSeconds: c.VENDOR_ACCEPTANCE_TIMEOUT_SECONDS,
    cartTtlSeconds: c.CART_TTL_SECONDS,
    checkoutExpiryMaxDeferSeconds: c.CHECKOUT_EXPIRY_MAX_DEFER_SECONDS,
  };
}
