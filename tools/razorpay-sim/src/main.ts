// Standalone start: `npm start -w tools/razorpay-sim`. Configuration comes from the environment;
// every secret defaults to a documented development value, as this process only ever runs locally.
// The state is kept in DATABASE_URL (schema razorpay_sim), else in an embedded PostgreSQL (PGlite)
// under PGLITE_DIR/razorpay-sim, as the services keep theirs: a restart loses no order.
import path from 'node:path';
import { startEmbeddedPostgres } from '@saga/dev-harness';
import pino from 'pino';
import { createRazorpaySimulator, DEFAULT_WEBHOOK_URL, DEV_DEFAULTS } from './index';

async function stateDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  return startEmbeddedPostgres(path.join(process.env.PGLITE_DIR || './.data/pglite', 'razorpay-sim'));
}

function port(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3099;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`RAZORPAY_SIM_PORT must be an integer port (0-65535), got "${raw}"`);
  }
  return value;
}

async function main(): Promise<void> {
  const logger = pino({ name: 'razorpay-sim', level: process.env.LOG_LEVEL ?? 'info' });
  const database = await stateDatabase();
  const sim = createRazorpaySimulator({
    databaseUrl: database.url,
    keyId: process.env.RAZORPAY_KEY_ID || DEV_DEFAULTS.keyId,
    keySecret: process.env.RAZORPAY_KEY_SECRET || DEV_DEFAULTS.keySecret,
    webhookSecret: process.env.RAZORPAY_WEBHOOK_SECRET || DEV_DEFAULTS.webhookSecret,
    webhookUrl: process.env.RAZORPAY_SIM_WEBHOOK_URL || DEFAULT_WEBHOOK_URL,
    logger,
  });
  const { url } = await sim.listen(port(process.env.RAZORPAY_SIM_PORT), process.env.RAZORPAY_SIM_HOST || '127.0.0.1');
  const { webhookUrl } = sim.config();
  process.stdout.write(
    `Razorpay simulator listening on ${url}\n` +
      `  API: ${url}/v1 (Basic auth, key id ${sim.keyId}); SDK base URL: ${url}\n` +
      `  pay an order: POST ${url}/_sim/orders/<order_id>/pay {"outcome":"captured"}\n` +
      `  webhooks go to ${webhookUrl}\n`,
  );

  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'razorpay-sim: stopping');
    sim
      .close()
      .then(() => database.stop())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'razorpay-sim: close failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`razorpay-sim failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
