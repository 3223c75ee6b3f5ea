// Load shedding: past CHECKOUT_MAX_IN_FLIGHT checkouts in progress on a replica, a checkout is
// answered 503 with Retry-After at once, and nothing of it is kept (no order, no hold, no Razorpay
// order, its Idempotency-Key still free). Once a slot frees, checkouts go through again.
import { startTestSystem, type TestSystem } from '../support/test-system';

describe('checkout sheds load past its in-flight limit', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ env: { CHECKOUT_MAX_IN_FLIGHT: '2', RAZORPAY_TIMEOUT_MS: '5000' } });
    await system.addProduct({ productId: 'tea', vendorId: 'vendor-a', price: 12000, stock: 10 });
  });
  afterAll(() => system.close());

  const count = async (sql: string) => Number((await system.sql<{ n: string }>(sql))[0]!.n);
  const razorpayOrders = () => system.sim!.stats().requests['POST /v1/orders'] ?? 0;

  it('answers 503 with Retry-After to the third of three concurrent checkouts, and keeps nothing of it', async () => {
    // Razorpay answers slowly, so the first two checkouts are still in progress when the third comes.
    system.sim!.configure({ latencyMs: 700 });
    const first = system.checkout([{ productId: 'tea', quantity: 1 }]);
    const second = system.checkout([{ productId: 'tea', quantity: 1 }]);
    await new Promise((r) => setTimeout(r, 200));
    const razorpayBefore = razorpayOrders();
    const third = await system.checkout([{ productId: 'tea', quantity: 1 }], { idempotencyKey: 'shed-then-retried' });

    expect(third.status).toBe(503);
    expect(third.headers.get('content-type')).toContain('application/problem+json');
    expect(third.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 });
    expect(third.headers.get('retry-after')).toBe('1');
    expect(razorpayOrders()).toBe(razorpayBefore);

    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    system.sim!.configure({ latencyMs: 0 });
    expect(await count('select count(*) as n from orders.orders')).toBe(2);
    expect(await count('select count(*) as n from catalog.holds')).toBe(2);
    expect(await system.stockOf('tea')).toEqual({ stock: 10, reserved: 2 });

    // The same request, retried with its key once the slots are free, goes through.
    const retried = await system.checkout([{ productId: 'tea', quantity: 1 }], { idempotencyKey: 'shed-then-retried' });
    expect(retried.status).toBe(200);
    expect(await system.stockOf('tea')).toEqual({ stock: 10, reserved: 3 });
  });

  it('frees a slot when a checkout fails, too', async () => {
    for (let i = 0; i < 3; i++) expect((await system.checkout([{ productId: 'tea', quantity: 99 }])).status).toBe(409);
    expect((await system.checkout([{ productId: 'tea', quantity: 1 }])).status).toBe(200);
  });
});
