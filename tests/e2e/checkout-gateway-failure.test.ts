import pino from 'pino';
import { startTestSystem, type TestSystem } from '../support/test-system';

/** What a customer is told whatever the cause: the cause is in the log only. */
const GATEWAY_UNAVAILABLE = 'the payment gateway is unavailable; retry later';

describe('checkout when Razorpay fails', () => {
  let system: TestSystem;
  const logs: string[] = [];
  beforeAll(async () => {
    system = await startTestSystem({
      env: { RAZORPAY_TIMEOUT_MS: '300', RAZORPAY_MAX_RETRIES: '1', RAZORPAY_BREAKER_THRESHOLD: '50' },
      logger: pino({ level: 'warn' }, { write: (line: string) => void logs.push(line) }),
    });
    await system.addProduct({ productId: 'cake', vendorId: 'vendor-a', price: 70000, stock: 3 });
  });
  afterEach(() => system.sim!.configure({ down: false, latencyMs: 0, failNext: { count: 0 } }));
  afterAll(() => system.close());

  it.each([
    ['down', { down: true }],
    ['answering 5xx', { failNext: { count: 10, status: 503 } }],
    ['slow', { latencyMs: 1500 }],
  ])(
    'answers 503 with Retry-After when Razorpay is %s, releases the hold and says why on the order',
    async (_case, knobs) => {
      system.sim!.configure(knobs);
      const res = await system.checkout([{ productId: 'cake', quantity: 2 }]);
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('PAYMENT_GATEWAY_UNAVAILABLE');
      expect(res.body.detail).toBe(GATEWAY_UNAVAILABLE);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await system.stockOf('cake')).toEqual({ stock: 3, reserved: 0 });
      const orders = await system.sql<{ status: string; status_reason: string; order_id: string }>(
        `select order_id, status, status_reason from orders.orders order by created_at desc limit 1`,
      );
      expect(orders[0]).toMatchObject({
        status: 'PAYMENT_FAILED',
        status_reason: expect.stringMatching(/PAYMENT_GATEWAY_UNAVAILABLE/),
      });
      const [hold] = await system.sql<{ status: string }>(
        'select status from catalog.holds where order_reference = $1',
        [orders[0]!.order_id],
      );
      expect(hold!.status).toBe('RELEASED');
    },
  );

  it('with the simulator stopped: 503 in our words, and the log says the connection was refused', async () => {
    const port = Number(new URL(system.sim!.url!).port);
    await system.sim!.close();
    logs.length = 0;
    try {
      const res = await system.checkout([{ productId: 'cake', quantity: 1 }]);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'PAYMENT_GATEWAY_UNAVAILABLE', detail: GATEWAY_UNAVAILABLE });
      expect(JSON.stringify(res.body)).not.toMatch(/Cannot read|undefined|ECONN|Razorpay|127\.0\.0\.1/);
      const cause = logs
        .map((l) => JSON.parse(l) as { msg: string; err?: string; orderReference?: string })
        .find((l) => l.msg === 'create the payment order failed');
      expect(cause).toMatchObject({ err: 'Razorpay unreachable: ECONNREFUSED', orderReference: expect.any(String) });
    } finally {
      await system.sim!.listen(port, '127.0.0.1');
    }
  });

  it('initiates no payment when the stock is short', async () => {
    const before = system.sim!.stats().requests['POST /v1/orders'] ?? 0;
    const res = await system.checkout([{ productId: 'cake', quantity: 4 }]);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      isAvailable: false,
      unavailableItems: [{ productId: 'cake', requested: 4, available: 3 }],
    });
    expect(system.sim!.stats().requests['POST /v1/orders'] ?? 0).toBe(before);
    expect(await system.sql('select 1 from orders.orders where status = $1', ['CHECKOUT'])).toHaveLength(0);
  });

  it('works again once Razorpay is back', async () => {
    const res = await system.checkout([{ productId: 'cake', quantity: 1 }]);
    expect(res.status).toBe(200);
    expect(await system.stockOf('cake')).toEqual({ stock: 3, reserved: 1 });
  });
});
