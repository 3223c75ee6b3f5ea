// Each service in its own process with RUNTIME=dapr (`npm start -w services/<name>`, as
// `dapr run -f dapr.yaml` starts them), each talking to its own sidecar double: the whole saga,
// with invocation routed by app id and events delivered through /dapr/subscribe.
import { createRazorpaySimulator, freePort, type RazorpaySimulator } from '../support/multiprocess-imports';
import { type ChildHandle, childProcess } from '../support/child-process';
import { DaprControlPlane } from '../support/dapr-sidecar-double';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { customerToken, vendorToken } from '../support/tokens';
import { openVendorSocket } from '../support/vendor-socket';
import { Client } from 'pg';

const SERVICES = ['catalog', 'payments', 'order', 'notifications'] as const;

describe('the saga with every service in its own process behind its sidecar', () => {
  let database: TestDatabase;
  let sim: RazorpaySimulator;
  let controlPlane: DaprControlPlane;
  const children: ChildHandle[] = [];
  const urls = {} as Record<(typeof SERVICES)[number], string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    sim = createRazorpaySimulator({ webhookRetries: 0 });
    const simUrl = (await sim.listen(0)).url;
    controlPlane = new DaprControlPlane();
    await Promise.all(
      SERVICES.map(async (name) => {
        const sidecar = await controlPlane.startSidecar({ appId: name });
        const port = await freePort();
        urls[name] = `http://127.0.0.1:${port}`;
        const child = childProcess(`services/${name}/src/main.ts`, {
          RUNTIME: 'dapr',
          DATABASE_URL: database.url,
          DAPR_HTTP_PORT: String(sidecar.port),
          DAPR_HOST: '127.0.0.1',
          [`${name.toUpperCase()}_PORT`]: String(port),
          HOST: '127.0.0.1',
          SEED_DEMO_CATALOG: 'false',
          RAZORPAY_API_URL: simUrl,
          DB_POOL_SIZE: '4',
        }, [urls[name]]);
        children.push(child);
        await child.start();
        await controlPlane.registerApp(name, urls[name]);
      }),
    );
    sim.configure({ webhookUrl: `${urls.payments}/api/v1/webhooks/razorpay` });
  }, 90_000);

  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop()));
    await controlPlane?.close();
    await sim?.close();
    await database?.drop();
  });

  it('checks out, takes the payment, places the order and tells the vendor', async () => {
    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    try {
    await pg.query(`insert into catalog.products (product_id, vendor_id, name, price_paise, stock) values ('mp-idli', 'vendor-mp', 'Idli', 6000, 20)`);
    const vendor = await openVendorSocket(urls.notifications, await vendorToken('vendor-mp'));
    const res = await fetch(`${urls.order}/api/v1/orders/checkout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await customerToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ cartItems: [{ productId: 'mp-idli', quantity: 4 }] }),
    });
    expect(res.status).toBe(200);
    const checkout = (await res.json()) as any;
    await sim.pay(checkout.paymentIntent.paymentProviderOrderId, { outcome: 'captured' });
    const frame = await vendor.next((f) => f.event === 'new_order' && f.data?.orderId === checkout.orderId, 15_000).catch((err) => {
      throw new Error(`${(err as Error).message}\n${children.map((c) => c.output().slice(-1500)).join('\n---\n')}`);
    });
    expect(frame.data).toMatchObject({ amount: 24000, vendorId: 'vendor-mp' });
    await controlPlane.idle();
    const { rows } = await pg.query('select status from orders.orders where order_id = $1', [checkout.orderId]);
    expect(rows[0].status).toBe('PENDING_VENDOR_ACCEPTANCE');
    // Every hop went through a sidecar: order invoked catalog and payments by app id.
    const orderSidecar = controlPlane.sidecarsOf('order')[0]!;
    expect(orderSidecar.calls()).toEqual(
      expect.arrayContaining([
        'POST /v1.0/invoke/catalog/method/api/v1/internal/products/check-availability',
        'POST /v1.0/invoke/payments/method/api/v1/internal/payments/create-intent',
        'POST /v1.0/invoke/catalog/method/api/v1/internal/holds/commit',
        'POST /v1.0/publish/pubsub/order-events',
      ]),
    );
    await vendor.close();
    } finally {
      await pg.end();
    }
  }, 60_000);
});
