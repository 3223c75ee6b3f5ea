// The embedded system in a child process (so a test can kill it, or cut its database), on a fresh
// database, with an in-process Razorpay simulator sending its webhooks to it and the given products
// in the catalog: what the fault tests under load start from.
import { createRazorpaySimulator, type RazorpaySimulator } from '@saga/razorpay-sim';
import { Client } from 'pg';
import { childSystem, type ChildSystem } from './child-system';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface ChildSystemForSagas {
  database: TestDatabase;
  sim: RazorpaySimulator;
  system: ChildSystem;
  sql<T>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function childSystemForSagas(options: {
  /** How often the simulator retries a webhook our side did not take. */
  webhookRetries: number;
  /** Environment on top of the database, the simulator and the fast pollers every such test wants. */
  env?: Record<string, string>;
  products: Array<{ productId: string; vendorId: string; stock: number }>;
  pricePaise: number;
}): Promise<ChildSystemForSagas> {
  const database = await createTestDatabase();
  const sim = createRazorpaySimulator({ webhookRetries: options.webhookRetries, webhookRetryBackoffMs: 200 });
  const simUrl = (await sim.listen(0)).url;
  const system = await childSystem({
    DATABASE_URL: database.url,
    RAZORPAY_API_URL: simUrl,
    SEED_DEMO_CATALOG: 'false',
    OUTBOX_POLL_MS: '200',
    WEBHOOK_REPROCESS_AFTER_SECONDS: '1',
    WEBHOOK_REPROCESS_INTERVAL_MS: '500',
    ...options.env,
  });
  await system.start();
  sim.configure({ webhookUrl: `${system.urls.payments}/api/v1/webhooks/razorpay` });
  const pg = new Client({ connectionString: database.url });
  await pg.connect();
  for (const p of options.products) {
    await pg.query(
      'insert into catalog.products (product_id, vendor_id, name, price_paise, stock) values ($1, $2, $1, $3, $4)',
      [p.productId, p.vendorId, options.pricePaise, p.stock],
    );
  }
  return {
    database,
    sim,
    system,
    sql: async <T>(text: string, params: unknown[] = []) => (await pg.query(text, params)).rows as T[],
    async close() {
      await system.stop();
      await pg.end();
      await sim.close();
      await database.drop();
    },
  };
}
