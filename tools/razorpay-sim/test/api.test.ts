import { createRazorpaySimulator, type RazorpaySimulator } from '../src';
import {
  basicAuthHeader,
  getJson,
  KEY_ID,
  KEY_SECRET,
  postJson,
  sdk,
  startReceiver,
  WEBHOOK_SECRET,
  type Json,
  type WebhookReceiver,
} from './helpers';

describe('Razorpay simulator: the /v1 API', () => {
  let sim: RazorpaySimulator;
  let url: string;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    sim = createRazorpaySimulator({
      keyId: KEY_ID,
      keySecret: KEY_SECRET,
      webhookSecret: WEBHOOK_SECRET,
      webhookUrl: receiver.url,
      webhookRetryBackoffMs: 5,
    });
    ({ url } = await sim.listen(0));
  });

  beforeEach(async () => {
    await sim.reset();
    receiver.received.length = 0;
    receiver.script.length = 0;
  });

  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  test('the real razorpay SDK creates and fetches an order on a simulator listening on port 0', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toMatch(/:0$/);
    const rzp = sdk(url);

    const created = await rzp.orders.create({ amount: 50000, currency: 'INR', receipt: 'rcpt_api_1' });
    expect(created).toEqual({
      id: expect.stringMatching(/^order_[A-Za-z0-9]{14}$/),
      entity: 'order',
      amount: 50000,
      amount_paid: 0,
      amount_due: 50000,
      currency: 'INR',
      receipt: 'rcpt_api_1',
      offer_id: null,
      status: 'created',
      attempts: 0,
      notes: [],
      created_at: expect.any(Number),
    });

    const fetched = await rzp.orders.fetch(created.id);
    expect(fetched).toEqual(created);
    expect(sim.stats().ordersCreated).toBe(1);
    expect(sim.stats().requests).toEqual({ 'POST /v1/orders': 1, 'GET /v1/orders/:id': 1 });
  });

  test('a wrong key secret gets 401 in Razorpay error shape', async () => {
    const err: Json = await sdk(url, 'not-the-secret')
      .orders.create({ amount: 50000, currency: 'INR' })
      .catch((e: unknown) => e);
    expect(err.statusCode).toBe(401);
    expect(err.error).toMatchObject({ code: 'BAD_REQUEST_ERROR', description: 'Authentication failed' });
    expect(sim.stats().ordersCreated).toBe(0);
  });

  test('an invalid order is a 400 naming the field', async () => {
    const auth = { Authorization: basicAuthHeader() };
    const tooSmall = await postJson(`${url}/v1/orders`, { amount: 99, currency: 'INR' }, auth);
    expect(tooSmall.status).toBe(400);
    expect(tooSmall.body.error).toMatchObject({ code: 'BAD_REQUEST_ERROR', field: 'amount' });

    const longReceipt = await postJson(
      `${url}/v1/orders`,
      { amount: 100, currency: 'INR', receipt: 'r'.repeat(41) },
      auth,
    );
    expect(longReceipt.body.error).toMatchObject({ field: 'receipt' });

    const notes = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, 'v']));
    const tooManyNotes = await postJson(`${url}/v1/orders`, { amount: 100, currency: 'INR', notes }, auth);
    expect(tooManyNotes.body.error).toMatchObject({ field: 'notes' });
  });

  test('a base URL ending in /v1 (so /v1/v1/...) gets a 404 explaining the fix', async () => {
    const res = await getJson(`${url}/v1/v1/orders/order_x`, { Authorization: basicAuthHeader() });
    expect(res.status).toBe(404);
    expect(res.body.error.description).toContain('without /v1');
  });

  test('an authorized payment can be captured once, for its exact amount, and that sends payment.captured and order.paid', async () => {
    const rzp = sdk(url);
    const order = await rzp.orders.create({ amount: 25000, currency: 'INR', receipt: 'rcpt_capture' });
    const authorized = await sim.pay(order.id, { outcome: 'authorized', webhook: false });
    expect(authorized).toMatchObject({ status: 'authorized', captured: false, order_id: order.id });

    const wrongAmount: Json = await rzp.payments.capture(authorized.id, 100, 'INR').catch((e: unknown) => e);
    expect(wrongAmount.statusCode).toBe(400);
    expect(wrongAmount.error.field).toBe('amount');

    const captured = await rzp.payments.capture(authorized.id, 25000, 'INR');
    expect(captured).toMatchObject({ id: authorized.id, status: 'captured', captured: true, fee: expect.any(Number) });

    const again: Json = await rzp.payments.capture(authorized.id, 25000, 'INR').catch((e: unknown) => e);
    expect(again.statusCode).toBe(400);
    expect(again.error.description).toBe('This payment has already been captured');

    expect(await rzp.orders.fetch(order.id)).toMatchObject({ status: 'paid', amount_paid: 25000, amount_due: 0 });
    await sim.waitForWebhooks();
    expect(receiver.received.map((r) => JSON.parse(r.rawBody).event)).toEqual(['payment.captured', 'order.paid']);
  });

  test('refund idempotency: the same key twice makes one refund, the same key with another body is a 409', async () => {
    const rzp = sdk(url);
    const order = await rzp.orders.create({ amount: 30000, currency: 'INR' });
    const payment = await sim.pay(order.id, { outcome: 'captured', webhook: false });
    // The SDK drops X-Refund-Idempotency, so callers that need it talk HTTP directly.
    const headers = { Authorization: basicAuthHeader(), 'X-Refund-Idempotency': 'refund_key_0001' };
    const refundUrl = `${url}/v1/payments/${payment.id}/refund`;

    const first = await postJson(refundUrl, { amount: 10000, notes: { reason: 'vendor rejected' } }, headers);
    const second = await postJson(refundUrl, { notes: { reason: 'vendor rejected' }, amount: 10000 }, headers);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      id: expect.stringMatching(/^rfnd_[A-Za-z0-9]{14}$/),
      entity: 'refund',
      amount: 10000,
      payment_id: payment.id,
      status: 'processed',
      speed_requested: 'normal',
    });
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);

    const conflict = await postJson(refundUrl, { amount: 20000 }, headers);
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('BAD_REQUEST_ERROR');

    const refunds = await rzp.payments.fetchMultipleRefund(payment.id);
    expect(refunds.count).toBe(1);
    expect(await rzp.payments.fetch(payment.id)).toMatchObject({
      amount_refunded: 10000,
      refund_status: 'partial',
      status: 'captured',
    });
    expect(sim.stats().refundsCreated).toBe(1);
  });

  test('down makes every /v1 request a network error until it is lifted', async () => {
    const rzp = sdk(url);
    const order = await rzp.orders.create({ amount: 10000, currency: 'INR' });
    sim.configure({ down: true });

    const err: Json = await rzp.orders.fetch(order.id).catch((e: unknown) => e);
    // No HTTP answer at all: the SDK rejects without a statusCode.
    expect(err).toBeInstanceOf(Error);
    expect(err.statusCode).toBeUndefined();
    await expect(
      fetch(`${url}/v1/orders/${order.id}`, { headers: { Authorization: basicAuthHeader() } }),
    ).rejects.toThrow('fetch failed');

    await postJson(`${url}/_sim/config`, { down: false });
    expect((await rzp.orders.fetch(order.id)).id).toBe(order.id);
  });

  test('failNext answers 500 SERVER_ERROR for the next requests, then the API recovers', async () => {
    const rzp = sdk(url);
    const config = await postJson(`${url}/_sim/config`, { failNext: { count: 2 } });
    expect(config.body.failNext).toEqual({ count: 2, status: 500, afterCommit: false });

    for (let i = 0; i < 2; i += 1) {
      const err: Json = await rzp.orders.create({ amount: 10000, currency: 'INR' }).catch((e: unknown) => e);
      expect(err.statusCode).toBe(500);
      expect(err.error.code).toBe('SERVER_ERROR');
    }
    await expect(rzp.orders.create({ amount: 10000, currency: 'INR' })).resolves.toMatchObject({ status: 'created' });
    expect(sim.stats()).toMatchObject({ ordersCreated: 1, injectedFailures: { failNext: 2 } });
  });

  test('failNext with afterCommit carries the request out but loses its answer', async () => {
    const rzp = sdk(url);
    sim.configure({ failNext: { count: 1, status: 503, afterCommit: true } });
    const err: Json = await rzp.orders
      .create({ amount: 10000, currency: 'INR', receipt: 'lost_answer' })
      .catch((e: unknown) => e);
    expect(err.statusCode).toBe(503);
    const found = await rzp.orders.all({ receipt: 'lost_answer' });
    expect(found.count).toBe(1);
  });

  test('failRate with a seed fails the same requests on every run', async () => {
    const run = async (): Promise<number[]> => {
      sim.configure({ failRate: 0.5, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i += 1) {
        const res = await fetch(`${url}/v1/orders/order_none`, { headers: { Authorization: basicAuthHeader() } });
        statuses.push(res.status);
      }
      return statuses;
    };
    const first = await run();
    expect(first).toContain(500);
    expect(first).toContain(400);
    expect(await run()).toEqual(first);
  });

  test('latencyMs delays every /v1 answer', async () => {
    const rzp = sdk(url);
    sim.configure({ latencyMs: 150 });
    const started = Date.now();
    await rzp.orders.create({ amount: 10000, currency: 'INR' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  test('config is readable without the webhook secret, and reset restores the creation options', async () => {
    await postJson(`${url}/_sim/config`, { latencyMs: 5, autoWebhook: false });
    const read = await getJson(`${url}/_sim/config`);
    expect(read.body).toMatchObject({
      latencyMs: 5,
      autoWebhook: false,
      webhookUrl: receiver.url,
      webhookSecret: '[redacted]',
    });

    const bad = await postJson(`${url}/_sim/config`, { failRate: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('failRate');

    await postJson(`${url}/_sim/reset`, {});
    expect(sim.config()).toMatchObject({
      latencyMs: 0,
      autoWebhook: true,
      webhookSecret: WEBHOOK_SECRET,
      webhookRetryBackoffMs: 5,
    });
  });
});
