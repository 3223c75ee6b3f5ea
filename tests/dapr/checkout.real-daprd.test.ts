// The checkout of tests/e2e/checkout.embedded.test.ts next to real daprd: four services, each in its
// own process next to its own sidecar, the order service calling catalog and payments through its
// sidecar's invoke API. Order's sidecar demands order's DAPR_API_TOKEN; catalog's and payments'
// sidecars send their apps their own APP_API_TOKEN. daprd's inside is not recorded: what the target
// apps received is (a recording proxy between each sidecar and its app), with the HTTP answers,
// the database rows and the sidecars' own API.
import { CheckoutResponse } from '@saga/contracts';
import { type RealDaprSystem, type Service, startRealDaprSystem } from '../support/real-dapr-system';
import type { AppRequest } from '../support/recording-proxy';

const ORDER_DAPR_TOKEN = 'order-dapr-api-token';
const CATALOG_APP_TOKEN = 'catalog-app-api-token';
const PAYMENTS_APP_TOKEN = 'payments-app-api-token';
const CHECK_AVAILABILITY = '/api/v1/internal/products/check-availability';
const CREATE_INTENT = '/api/v1/internal/payments/create-intent';

/** Each token on both sides, as a deployment sets it: the app and its sidecar. */
const TOKENS: Partial<Record<Service, Record<string, string>>> = {
  order: { DAPR_API_TOKEN: ORDER_DAPR_TOKEN },
  catalog: { APP_API_TOKEN: CATALOG_APP_TOKEN },
  payments: { APP_API_TOKEN: PAYMENTS_APP_TOKEN },
};

const line = (r: AppRequest) => `${r.app} ${r.method} ${r.path} ${r.status}`;

describe('checkout on real daprd, through the order sidecar', () => {
  let system: RealDaprSystem;
  /** Requests to the apps' internal API since `mark` (invocations; no deliveries, no /dapr/subscribe). */
  let mark = 0;
  const invocationsSinceMark = () =>
    system.appRequests.slice(mark).filter((r) => r.path.startsWith('/api/v1/internal/'));

  beforeAll(async () => {
    system = await startRealDaprSystem({
      serviceEnv: TOKENS,
      sidecarEnv: TOKENS,
      recordAppRequests: true,
      resources: { tracing: true },
    });
    await system.addProduct({ productId: 'paneer-tikka', vendorId: 'vendor-a', price: 25000, stock: 5 });
    await system.addProduct({ productId: 'naan', vendorId: 'vendor-a', price: 4000, stock: 100 });
  }, 120_000);
  afterAll(() => system?.close(), 30_000);
  beforeEach(() => {
    mark = system.appRequests.length;
  });

  it('runs each service next to its own sidecar, which loaded its subscriptions through the app token', async () => {
    const expected: Record<Service, string[]> = {
      catalog: ['order-events', 'order-events.catalog.deadletter'],
      payments: ['order-events', 'order-events.payments.deadletter'],
      order: ['payment-events', 'payment-events.order.deadletter'],
      notifications: ['order-events', 'order-events.notifications.deadletter'],
    };
    for (const service of Object.keys(expected) as Service[]) {
      const metadata = await system.sidecars[service].metadata();
      expect({ service, id: metadata.id, topics: (metadata.subscriptions ?? []).map((s) => s.topic).sort() }).toEqual({
        service,
        id: service,
        topics: expected[service],
      });
    }
    // daprd read GET /dapr/subscribe with each app's own token.
    const subscribeReads = system.appRequests.filter((r) => r.path === '/dapr/subscribe');
    expect(subscribeReads.find((r) => r.app === 'catalog')?.headers['dapr-api-token']).toBe(CATALOG_APP_TOKEN);
    expect(subscribeReads.find((r) => r.app === 'payments')?.headers['dapr-api-token']).toBe(PAYMENTS_APP_TOKEN);
    expect(subscribeReads.find((r) => r.app === 'order')?.headers['dapr-api-token']).toBeUndefined();
  });

  it("refuses order's sidecar API without order's DAPR_API_TOKEN: whatever got through carried it", async () => {
    const invoke = (headers: Record<string, string>) =>
      fetch(`${system.sidecars.order.url}/v1.0/invoke/catalog/method${CHECK_AVAILABILITY}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ items: [{ productId: 'naan', quantity: 1 }] }),
      });
    expect((await invoke({})).status).toBe(401);
    expect((await invoke({ 'dapr-api-token': 'another-token' })).status).toBe(401);
    expect(invocationsSinceMark()).toEqual([]);
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
    const [order] = await system.sql<{ status: string; provider_order_id: string }>(
      'select status, provider_order_id from orders.orders where order_id = $1',
      [body.orderId],
    );
    expect(order).toEqual({ status: 'CHECKOUT', provider_order_id: body.paymentIntent.paymentProviderOrderId });

    // What the target apps were handed by their sidecars: exactly these two calls, in this order.
    const invocations = invocationsSinceMark();
    expect(invocations.map(line)).toEqual([
      `catalog POST ${CHECK_AVAILABILITY} 200`,
      `payments POST ${CREATE_INTENT} 200`,
    ]);
    const [atCatalog, atPayments] = invocations as [AppRequest, AppRequest];
    // Each came through order's sidecar (daprd names the caller's app id), with the request id
    // forwarded and the target's own app token: order's API token never leaves its sidecar.
    expect(atCatalog.headers).toMatchObject({
      'dapr-api-token': CATALOG_APP_TOKEN,
      'dapr-caller-app-id': 'order',
      'x-request-id': 'checkout-through-dapr-1',
    });
    expect(atPayments.headers).toMatchObject({
      'dapr-api-token': PAYMENTS_APP_TOKEN,
      'dapr-caller-app-id': 'order',
      'x-request-id': 'checkout-through-dapr-1',
    });
    for (const r of invocations) expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(atCatalog.body).toMatchObject({
      items: [
        { productId: 'paneer-tikka', quantity: 2 },
        { productId: 'naan', quantity: 3 },
      ],
      orderReference: body.orderId,
    });
    expect(atPayments.body).toMatchObject({ amount: body.amount, currency: 'INR', orderReference: body.orderId });
    expect(atPayments.responseBody).toMatchObject({
      paymentProviderOrderId: body.paymentIntent.paymentProviderOrderId,
    });
  });

  it('answers 409 with the catalog unavailableItems when out of stock, passed through the sidecars, and initiates no payment', async () => {
    const before = await system.stockOf('paneer-tikka');
    const paymentsBefore = await system.sql<{ n: number }>('select count(*)::int as n from payments.payments');
    const res = await system.checkout([{ productId: 'paneer-tikka', quantity: 50 }], {
      headers: { 'x-request-id': 'checkout-through-dapr-2' },
    });

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ status: 409, code: 'OUT_OF_STOCK' });
    expect(res.body.unavailableItems).toEqual([
      { productId: 'paneer-tikka', requested: 50, available: before.stock - before.reserved },
    ]);

    const invocations = invocationsSinceMark();
    expect(invocations.map(line)).toEqual([`catalog POST ${CHECK_AVAILABILITY} 409`]);
    expect(invocations[0]!.headers).toMatchObject({
      'dapr-caller-app-id': 'order',
      'x-request-id': 'checkout-through-dapr-2',
    });
    expect(invocations[0]!.responseBody).toMatchObject({
      code: 'OUT_OF_STOCK',
      unavailableItems: res.body.unavailableItems,
    });
    expect(await system.sql<{ n: number }>('select count(*)::int as n from payments.payments')).toEqual(paymentsBefore);
    expect(await system.stockOf('paneer-tikka')).toEqual(before);
  });

  it("forwards the caller's trace context: daprd continues its trace, each invocation a new child span", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const res = await system.checkout([{ productId: 'naan', quantity: 1 }], {
      headers: { traceparent: `00-${traceId}-${callerSpan}-01` },
    });
    expect(res.status).toBe(200);

    const invocations = invocationsSinceMark();
    expect(invocations.map((r) => `${r.app} ${r.path}`)).toEqual([
      `catalog ${CHECK_AVAILABILITY}`,
      `payments ${CREATE_INTENT}`,
    ]);
    // traceparent = version-traceid-parentid-flags: the trace id and the sampled flag are the
    // caller's, the parent is a span daprd made for the call (pkg/channel/http sets it from its span).
    const parents = invocations.map((r) => {
      const parsed = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(r.headers.traceparent ?? '');
      expect({ app: r.app, traceparent: r.headers.traceparent, traceId: parsed?.[1], flags: parsed?.[3] }).toEqual({
        app: r.app,
        traceparent: expect.any(String),
        traceId,
        flags: '01',
      });
      return parsed![2];
    });
    expect(new Set([callerSpan, ...parents]).size).toBe(3);
  });

  it('refuses a call straight to the catalog app, past its sidecar, without the app token daprd sends (401) and holds nothing', async () => {
    const before = await system.stockOf('naan');
    const attempts: Array<Record<string, string>> = [
      {},
      { 'dapr-api-token': ORDER_DAPR_TOKEN },
      { 'dapr-api-token': 'not-the-catalog-token' },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${system.urls.catalog}${CHECK_AVAILABILITY}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({
          items: [{ productId: 'naan', quantity: 90 }],
          orderReference: 'straight-to-the-app',
          holdSeconds: 86400,
        }),
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    }
    expect(await system.stockOf('naan')).toEqual(before);
    expect(await system.sql('select 1 from catalog.holds where order_reference = $1', ['straight-to-the-app'])).toEqual(
      [],
    );
  });
});
