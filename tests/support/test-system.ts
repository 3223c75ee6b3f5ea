// The embedded system on ephemeral ports against a database of its own, plus helpers that read
// like the steps of a test: put products on sale, check out, read stock.
import type { SimulatorOptions } from '@saga/razorpay-sim';
import { createLogger, type Logger } from '@saga/runtime';
import { type DeliveryPolicy } from '@saga/dev-harness';
import { Client } from 'pg';
import { type RunningSystem, startEmbeddedSystem } from '../../tools/system/start-system';
import { createTestDatabase, type TestDatabase } from './test-database';
import { type CheckoutOptions, postCheckout } from './checkout-client';
import { catalogFixtures } from './catalog-fixtures';

export interface TestSystem extends RunningSystem {
  database: TestDatabase;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  addProduct(p: { productId: string; vendorId: string; price: number; stock: number; name?: string }): Promise<void>;
  stockOf(productId: string): Promise<{ stock: number; reserved: number }>;
  checkout(cartItems: unknown, options?: CheckoutOptions): ReturnType<typeof postCheckout>;
}

/** The embedded system's env in tests: the given database, ephemeral ports, the in-process simulator, no demo catalog. */
export function testSystemEnv(databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'test',
    SEED_DEMO_CATALOG: 'false',
    ORDER_PORT: '0',
    CATALOG_PORT: '0',
    PAYMENTS_PORT: '0',
    NOTIFICATIONS_PORT: '0',
    RAZORPAY_SIM_PORT: '0',
    RAZORPAY_API_URL: '',
    HOST: '127.0.0.1',
    DB_POOL_SIZE: '10',
  };
}

export async function startTestSystem(
  options: {
    env?: Record<string, string>;
    simulator?: SimulatorOptions;
    deliveryPolicy?: DeliveryPolicy;
    logger?: Logger;
  } = {},
): Promise<TestSystem> {
  const database = await createTestDatabase();
  const system = await startEmbeddedSystem({
    env: { ...testSystemEnv(database.url), ...options.env },
    simulator: { webhookRetries: 0, ...options.simulator },
    deliveryPolicy: options.deliveryPolicy,
    logger: options.logger ?? createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  });
  const pg = new Client({ connectionString: database.url });
  await pg.connect();
  const sql = async <T>(text: string, params: unknown[] = []) => (await pg.query(text, params)).rows as T[];

  return {
    ...system,
    database,
    sql,
    ...catalogFixtures(sql),
    checkout: (cartItems, opts) => postCheckout(system.urls.order, cartItems, opts),
    async close() {
      await pg.end();
      await system.close();
      await database.drop();
    },
  };
}
