// `npm start` restarted: the whole embedded system, simulator included, stopped and started again
// on the same database. An order checked out before the restart is still payable afterwards, and
// the payment places it: the simulator read its Razorpay orders back from its own schema.
import { createLogger } from '@saga/runtime';
import { type RunningSystem, startEmbeddedSystem } from '../../tools/system/start-system';
import { postCheckout } from '../support/checkout-client';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { testSystemEnv } from '../support/test-system';
import { until } from '../support/until';
import { Client } from 'pg';

describe('a restart of the whole system keeps unpaid orders payable', () => {
  let database: TestDatabase;
  let pg: Client;
  let system: RunningSystem | undefined;

  const start = () =>
    startEmbeddedSystem({
      env: testSystemEnv(database.url),
      simulator: { webhookRetries: 0 },
      logger: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    pg = new Client({ connectionString: database.url });
    await pg.connect();
  });
  afterAll(async () => {
    await system?.close();
    await pg.end();
    await database.drop();
  });

  it('pays and places an order created before the restart', async () => {
    system = await start();
    await pg.query(
      `insert into catalog.products (product_id, vendor_id, name, price_paise, stock) values ('idli', 'vendor-r', 'Idli', 9000, 5)`,
    );
    const { status, body } = await postCheckout(system.urls.order, [{ productId: 'idli', quantity: 2 }]);
    expect(status).toBe(200);
    await system.close();

    system = await start();
    const payment = await system.sim!.pay(body.paymentIntent.paymentProviderOrderId, { outcome: 'captured' });
    expect(payment).toMatchObject({ status: 'captured', order_id: body.paymentIntent.paymentProviderOrderId });
    const order = await until(
      async () =>
        (
          await pg.query<{ status: string; payment_id: string }>(
            'select status, payment_id from orders.orders where order_id = $1',
            [body.orderId],
          )
        ).rows[0],
      (o) => o?.status === 'PENDING_VENDOR_ACCEPTANCE',
      10_000,
    );
    expect(order).toEqual({ status: 'PENDING_VENDOR_ACCEPTANCE', payment_id: payment.id });
  });
});
