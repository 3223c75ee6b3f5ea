// Internal routes are for services and operators only: without the service credential (the
// `dapr-api-token` header carrying APP_API_TOKEN, which daprd sends in Dapr mode and the embedded
// invoker sends here) every one answers 401 problem+json and changes nothing, while the services'
// own calls to each other keep working.
import { newEvent } from '@saga/runtime';
import { startTestSystem, type TestSystem } from '../support/test-system';

/** Everything an internal call could change: stock, holds, payments, Razorpay orders, orders, dead letters. */
async function footprint(system: TestSystem) {
  return {
    products: await system.sql('select product_id, stock, reserved from catalog.products order by product_id'),
    holds: await system.sql('select order_reference, status, expires_at from catalog.holds order by order_reference'),
    payments: await system.sql('select * from payments.payments order by order_reference'),
    orders: await system.sql('select order_id, status from orders.orders order by order_id'),
    deadLetters: await system.sql('select id, replay_count, replayed_at from orders.dead_letters order by id'),
    razorpayOrders: system.sim!.stats().ordersCreated,
  };
}

describe('internal routes without the service credential', () => {
  let system: TestSystem;
  let orderId: string;
  let deadLetterId: string;
  let before: Awaited<ReturnType<typeof footprint>>;

  beforeAll(async () => {
    system = await startTestSystem();
    await system.addProduct({ productId: 'saree', vendorId: 'vendor-a', price: 250000, stock: 5 });
    // The services call each other with the credential: a checkout goes through catalog and payments.
    const checkout = await system.checkout([{ productId: 'saree', quantity: 1 }]);
    expect(checkout.status).toBe(200);
    orderId = checkout.body.orderId;
    const event = newEvent('PaymentFailed', {
      orderReference: orderId,
      paymentId: 'pay_unknown',
      reason: 'for the test',
    });
    const [stored] = await system.sql<{ id: string }>(
      `insert into orders.dead_letters (topic, event_id, event_type, event) values ('payment-events', $1, 'PaymentFailed', $2) returning id::text`,
      [event.eventId, JSON.stringify(event)],
    );
    deadLetterId = stored!.id;
    before = await footprint(system);
  });
  afterEach(async () => expect(await footprint(system)).toEqual(before));
  afterAll(() => system.close());

  const calls = () =>
    [
      [
        'catalog',
        'POST',
        '/api/v1/internal/products/check-availability',
        { items: [{ productId: 'saree', quantity: 4 }], orderReference: 'intruder-hold', holdSeconds: 86400 },
      ],
      ['catalog', 'POST', '/api/v1/internal/holds/commit', { orderReference: orderId }],
      ['catalog', 'POST', '/api/v1/internal/holds/release', { orderReference: orderId, reason: 'intruder' }],
      [
        'payments',
        'POST',
        '/api/v1/internal/payments/create-intent',
        { amount: 100, currency: 'INR', orderReference: 'intruder-intent', customerId: 'intruder' },
      ],
      ['payments', 'POST', '/api/v1/internal/payments/gateway-check', { orderReference: orderId }],
      ['payments', 'GET', '/api/v1/internal/refunds?status=all', undefined],
      ['payments', 'POST', '/api/v1/internal/refunds/pay_intruder/retry', undefined],
      ['order', 'GET', '/api/v1/internal/dead-letters', undefined],
      ['order', 'GET', `/api/v1/internal/dead-letters/${deadLetterId}`, undefined],
      ['order', 'POST', `/api/v1/internal/dead-letters/${deadLetterId}/replay`, undefined],
      ['catalog', 'GET', '/api/v1/internal/no-such-route', undefined],
    ] as const;

  it.each([
    ['no credential', {}],
    ['a wrong token', { 'dapr-api-token': 'not-the-app-api-token' }],
    ['an empty token', { 'dapr-api-token': '' }],
    ['a customer bearer token in its place', { authorization: 'Bearer x.y.z' }],
  ])(
    'answers 401 problem+json to every internal route with %s, and changes nothing',
    async (_case, headers: Record<string, string>) => {
      for (const [service, method, path, body] of calls()) {
        const res = await fetch(`${system.urls[service]}${path}`, {
          method,
          headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
          body: body ? JSON.stringify(body) : undefined,
        });
        expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({
          path,
          status: 401,
          type: expect.stringContaining('application/problem+json'),
        });
        expect(await res.json()).toMatchObject({
          status: 401,
          code: 'UNAUTHENTICATED',
          detail: expect.stringMatching(/service credential/),
        });
      }
    },
  );

  it('serves an operator who has the credential', async () => {
    const res = await fetch(`${system.urls.order}/api/v1/internal/dead-letters/${deadLetterId}`, {
      headers: { 'dapr-api-token': system.config.APP_API_TOKEN! },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: Number(deadLetterId), eventType: 'PaymentFailed', replayCount: 0 });
  });
});
