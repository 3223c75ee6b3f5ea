// The checkout of tests/e2e/checkout.embedded.test.ts with RUNTIME=dapr: four services, each behind
// its own sidecar double, calling each other through @dapr/dapr and the sidecars' invoke API.
import { CheckoutResponse } from '@saga/contracts';
import type { RecordedRequest } from '../support/dapr-sidecar-double';
import { type DaprTestSystem, startDaprTestSystem } from '../support/dapr-system';

const ORDER_DAPR_TOKEN = 'order-dapr-api-token';
const CATALOG_APP_TOKEN = 'catalog-app-api-token';
const PAYMENTS_APP_TOKEN = 'payments-app-api-token';
const CHECK_AVAILABILITY = '/v1.0/invoke/catalog/method/api/v1/internal/products/check-availability';
const CREATE_INTENT = '/v1.0/invoke/payments/method/api/v1/internal/payments/create-intent';

const line = (r: RecordedRequest) => `${r.method} ${r.path}`;

describe('checkout with RUNTIME=dapr, through the sidecar doubles', () => {
  let system: DaprTestSystem;

  beforeAll(async () => {
    system = await startDaprTestSystem({
      serviceEnv: {
        order: { DAPR_API_TOKEN: ORDER_DAPR_TOKEN },
        catalog: { APP_API_TOKEN: CATALOG_APP_TOKEN },
        payments: { APP_API_TOKEN: PAYMENTS_APP_TOKEN },
      },
    });
    await system.addProduct({ productId: 'paneer-tikka', vendorId: 'vendor-a', price: 25000, stock: 5 });
    await system.addProduct({ productId: 'naan', vendorId: 'vendor-a', price: 4000, stock: 100 });
  });
  afterAll(() => system?.close());
  beforeEach(() => {
    for (const sidecar of Object.values(system.sidecars)) sidecar.clearRecords();
  });

  it('runs each service on the Dapr runtime, with its own sidecar and its subscriptions loaded', () => {
    for (const service of Object.values(system.services)) expect(service.ctx.runtime.kind).toBe('dapr');
    const subscribed = system.controlPlane.sidecars.flatMap((s) => s.subscriptions.map((sub) => `${s.appId}:${sub.topic}`));
    expect(subscribed.length).toBeGreaterThan(0);
  });

  it('prices the cart in the catalog and returns a payment intent, calling catalog then payments through the order sidecar', async () => {
    const res = await system.checkout(
      [
        { productId: 'paneer-tikka', quantity: 2 },
        { productId: 'naan', quantity: 3 },
      ],
      { headers: { 'x-request-id': 'checkout-through-dapr-1' } },
    );

    expect(res.status).toBe(200);
    const body = CheckoutResponse.parse(res.body);
    expect(body.amount).toBe(2 * 25000 + 3 * 4000);
    expect(body.vendorId).toBe('vendor-a');
    expect(body.paymentIntent.paymentProviderOrderId).toMatch(/^order_/);
    expect(body.paymentIntent.amount).toBe(body.amount);
    expect(await system.stockOf('paneer-tikka')).toEqual({ stock: 5, reserved: 2 });

    // What the order service asked of its sidecar: exactly these two calls, in this order.
    const invocations = system.sidecars.order.invocations();
    expect(invocations.map(line)).toEqual([`POST ${CHECK_AVAILABILITY}`, `POST ${CREATE_INTENT}`]);
    for (const req of invocations) {
      expect(req.status).toBe(200);
      expect(req.headers['content-type']).toBe('application/json');
      expect(req.headers['x-request-id']).toBe('checkout-through-dapr-1');
      expect(req.headers['dapr-api-token']).toBe(ORDER_DAPR_TOKEN);
    }
    expect(invocations[0]!.body).toMatchObject({ items: [{ productId: 'paneer-tikka', quantity: 2 }, { productId: 'naan', quantity: 3 }], orderReference: body.orderId });
    expect(invocations[1]!.body).toMatchObject({ amount: body.amount, currency: 'INR', orderReference: body.orderId });

    // Each target app was reached through its own sidecar, with that app's token and the caller's id.
    const [atCatalog] = system.sidecars.catalog.appRequests.filter((c) => c.kind === 'invoke');
    expect(atCatalog).toMatchObject({ method: 'POST', path: '/api/v1/internal/products/check-availability', status: 200 });
    expect(atCatalog!.headers).toMatchObject({ 'dapr-api-token': CATALOG_APP_TOKEN, 'dapr-caller-app-id': 'order', 'x-request-id': 'checkout-through-dapr-1' });
    expect(atCatalog!.headers['dapr-api-token']).not.toBe(ORDER_DAPR_TOKEN);
    const [atPayments] = system.sidecars.payments.appRequests.filter((c) => c.kind === 'invoke');
    expect(atPayments).toMatchObject({ method: 'POST', path: '/api/v1/internal/payments/create-intent', status: 200 });
    expect(atPayments!.headers).toMatchObject({ 'dapr-api-token': PAYMENTS_APP_TOKEN, 'dapr-caller-app-id': 'order' });

    const [order] = await system.sql<{ status: string; provider_order_id: string }>('select status, provider_order_id from orders.orders where order_id = $1', [body.orderId]);
    expect(order).toEqual({ status: 'CHECKOUT', provider_order_id: body.paymentIntent.paymentProviderOrderId });
  });

  it('answers 409 with the catalog unavailableItems when out of stock, passed through the sidecar, and initiates no payment', async () => {
    const before = await system.stockOf('paneer-tikka');
    const res = await system.checkout([{ productId: 'paneer-tikka', quantity: 50 }], { headers: { 'x-request-id': 'checkout-through-dapr-2' } });

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ status: 409, code: 'OUT_OF_STOCK' });
    expect(res.body.unavailableItems).toEqual([{ productId: 'paneer-tikka', requested: 50, available: before.stock - before.reserved }]);

    const invocations = system.sidecars.order.invocations();
    expect(invocations.map(line)).toEqual([`POST ${CHECK_AVAILABILITY}`]);
    expect(invocations[0]!.status).toBe(409);
    expect(system.sidecars.payments.appRequests.filter((c) => c.kind === 'invoke')).toEqual([]);
    expect(await system.stockOf('paneer-tikka')).toEqual(before);
  });
});
