import { paymentsService } from '@saga/payments';
import { createRazorpaySimulator, type RazorpaySimulator } from '@saga/razorpay-sim';
import { startSingleService, type SingleService } from '../../../tests/support/single-service';

const CREATE = '/api/v1/internal/payments/create-intent';
const OPEN_MS = 800;

describe('payments: create-intent against the Razorpay simulator', () => {
  let sim: RazorpaySimulator;
  let payments: SingleService;
  let n = 0;
  const ref = () => `order-ref-${++n}`;

  beforeAll(async () => {
    sim = createRazorpaySimulator({ webhookRetries: 0 });
    const { url } = await sim.listen(0);
    payments = await startSingleService(paymentsService, {
      RAZORPAY_API_URL: url,
      RAZORPAY_TIMEOUT_MS: '300',
      RAZORPAY_MAX_RETRIES: '1',
      RAZORPAY_BREAKER_THRESHOLD: '3',
      RAZORPAY_BREAKER_OPEN_MS: String(OPEN_MS),
    });
  });
  afterEach(() => sim.reset());
  afterAll(async () => {
    await payments.stop();
    await sim.close();
  });

  it('creates one Razorpay order per order reference, and a repeated call returns the same one', async () => {
    const orderReference = ref();
    const first = await payments.post(CREATE, { amount: 45000, currency: 'INR', orderReference });
    const second = await payments.post(CREATE, { amount: 45000, currency: 'INR', orderReference });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      paymentProviderOrderId: expect.stringMatching(/^order_/),
      keyId: 'rzp_test_devkey000000',
      amount: 45000,
      currency: 'INR',
      orderReference,
    });
    expect(second.body.paymentProviderOrderId).toBe(first.body.paymentProviderOrderId);
    expect(sim.stats().ordersCreated).toBe(1);
    const [row] = await payments.sql<{ status: string; provider_order_id: string }>(
      'select status, provider_order_id from payments.payments where order_reference = $1',
      [orderReference],
    );
    expect(row).toEqual({ status: 'INTENT_CREATED', provider_order_id: first.body.paymentProviderOrderId });
  });

  it('refuses a second intent for the same order with another amount', async () => {
    const orderReference = ref();
    await payments.post(CREATE, { amount: 45000, currency: 'INR', orderReference });
    const res = await payments.post(CREATE, { amount: 99999, currency: 'INR', orderReference });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('INTENT_CONFLICT');
  });

  it.each([
    [{ amount: 99, currency: 'INR', orderReference: 'x' }, 'amount'],
    [{ amount: 100.5, currency: 'INR', orderReference: 'x' }, 'amount'],
    [{ amount: 1000, currency: 'USD', orderReference: 'x' }, 'currency'],
    [{ amount: 1000, currency: 'INR' }, 'orderReference'],
  ])('refuses %j naming %s, and creates nothing', async (body, field) => {
    const res = await payments.post(CREATE, body);
    expect(res.status).toBe(400);
    expect(res.body.invalidParams.map((p: { name: string }) => p.name)).toContain(field);
    expect(sim.stats().ordersCreated).toBe(0);
  });

  it('retries one 5xx from Razorpay and succeeds', async () => {
    sim.configure({ failNext: { count: 1, status: 502 } });
    const res = await payments.post(CREATE, { amount: 20000, currency: 'INR', orderReference: ref() });
    expect(res.status).toBe(200);
    expect(sim.stats().ordersCreated).toBe(1);
  });

  it('answers 503 with Retry-After within a bounded time when Razorpay is slow', async () => {
    sim.configure({ latencyMs: 2000 });
    const started = Date.now();
    const res = await payments.post(CREATE, { amount: 20000, currency: 'INR', orderReference: ref() });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('PAYMENT_GATEWAY_UNAVAILABLE');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // 2 attempts x 300 ms timeout + backoff: far below Razorpay's 2 s latency.
    expect(Date.now() - started).toBeLessThan(1900);
    await payments.ctx.db.query('select 1');
  });

  it('opens the circuit when Razorpay is down, fails fast while open, and recovers', async () => {
    sim.configure({ down: true });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await payments.post(CREATE, { amount: 20000, currency: 'INR', orderReference: ref() })).status);
    expect(statuses).toEqual([503, 503, 503]);
    const requestsWhileClosed = sim.stats().requests['POST /v1/orders'];

    const open = await payments.post(CREATE, { amount: 20000, currency: 'INR', orderReference: ref() });
    expect(open.status).toBe(503);
    expect(open.body.detail).toBe('the payment gateway is unavailable; retry later'); // the open circuit is the log's business
    expect(Number(open.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(sim.stats().requests['POST /v1/orders']).toBe(requestsWhileClosed); // no call reached Razorpay

    const metrics = await payments.get('/metrics');
    expect(metrics.body).toMatch(/payments_gateway_circuit_state\{service="payments"\} 2/);

    sim.configure({ down: false });
    await new Promise((resolve) => setTimeout(resolve, OPEN_MS + 100));
    const recovered = await payments.post(CREATE, { amount: 20000, currency: 'INR', orderReference: ref() });
    expect(recovered.status).toBe(200);
  });
});
