// `npm start`: the whole system on this machine, no server needed. Prints the shop's and the
// vendor dashboard's URLs, where everything listens, development tokens, and a checkout you can paste.
import { ConfigError, DEV_SECRETS, Lifecycle, PortUnavailableError } from '@saga/runtime';
import { signDevToken } from '@saga/dev-harness';
import { startEmbeddedSystem } from './system/start-system';
import { WEB_DIST_DIR, ensureWebBuild } from './web/build-web';
import { loadWebConfig } from './web/web-config';
import { startWebServer } from './web/web-server';

async function main(): Promise<void> {
  // The pages build (only when their sources changed) while the system starts.
  const built = ensureWebBuild((line) => process.stdout.write(`${line}\n`));
  built.catch(() => undefined);
  const system = await startEmbeddedSystem();
  const lifecycle = new Lifecycle(system.logger);
  lifecycle.onClose('system', () => system.close());
  lifecycle.handleSignals();
  await built;
  const web = await startWebServer({
    config: loadWebConfig(system.env, system.sim?.url),
    distDir: WEB_DIST_DIR,
    services: system.urls,
    logger: system.logger,
    host: system.config.HOST,
  });
  // Registered last, so it closes first: no page request reaches a closed service.
  lifecycle.onClose('web', () => web.close());

  const secret = system.config.JWT_SECRET ?? DEV_SECRETS.JWT_SECRET;
  const customer = await signDevToken(secret, { sub: 'customer-demo-1', role: 'customer' });
  const vendor = await signDevToken(secret, { sub: 'vendor-user-1', role: 'vendor', vendorId: 'vendor-udupi-kitchen' });
  const { urls } = system;
  const lines = [
    '',
    'Prepaid checkout saga is running (embedded runtime).',
    '',
    `  Shop (customer)    ${web.url}/`,
    `  Vendor dashboard   ${web.url}/vendor`,
    '',
    `  order          ${urls.order}`,
    `  catalog        ${urls.catalog}   (GET ${urls.catalog}/api/v1/products)`,
    `  payments       ${urls.payments}`,
    `  notifications  ${urls.notifications.replace('http', 'ws')}/ws`,
    `  razorpay sim   ${urls.simulator}`,
    '',
    'Development tokens (12 h):',
    `  CUSTOMER_TOKEN=${customer}`,
    `  VENDOR_TOKEN=${vendor}   (vendor-udupi-kitchen)`,
    '',
    'Check out:',
    `  curl -s -X POST ${urls.order}/api/v1/orders/checkout -H "Authorization: Bearer ${customer}" -H 'Content-Type: application/json' -H "Idempotency-Key: $(date +%s%N)" -d '{"cartItems":[{"productId":"dosa-masala","quantity":2},{"productId":"filter-coffee","quantity":1}]}'`,
    'Pay it (as the customer on Razorpay Checkout):',
    `  curl -s -X POST ${urls.simulator}/_sim/orders/<paymentProviderOrderId>/pay -H 'Content-Type: application/json' -d '{"outcome":"captured"}'`,
    'Watch the vendor socket:',
    `  npx wscat -c "${urls.notifications.replace('http', 'ws')}/ws?access_token=${vendor}"`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err) => {
  // A mistake of configuration (a bad variable, a port in use) is one line; anything else keeps its stack.
  const told =
    err instanceof ConfigError || err instanceof PortUnavailableError
      ? (err as Error).message
      : ((err as Error).stack ?? String(err));
  process.stderr.write(`npm start failed: ${told}\n`);
  process.exit(1);
});
