// The catalog service's own settings, parsed once at boot (fail fast, naming the variable).
import { z } from 'zod';
import { type ServiceAddress, parseEnv, port, seconds } from '@saga/runtime';

const CatalogEnv = z.object({
  CATALOG_PORT: port(3002),
  APP_ID_CATALOG: z.string().default('catalog'),
  /** How long an unpaid checkout holds its stock (the hold lasts HOLD_GRACE_SECONDS longer). */
  CHECKOUT_EXPIRY_SECONDS: seconds(900),
});

export type CatalogConfig = ReturnType<typeof loadCatalogConfig>;

export function loadCatalogConfig(env: NodeJS.ProcessEnv) {
  const c = parseEnv(CatalogEnv, env);
  return {
    address: { port: c.CATALOG_PORT, portVariable: 'CATALOG_PORT', appId: c.APP_ID_CATALOG } satisfies ServiceAddress,
    checkoutExpirySeconds: c.CHECKOUT_EXPIRY_SECONDS,
  };
}
