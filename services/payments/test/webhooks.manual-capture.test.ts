import { startWebhookTestSystem, type WebhookTestSystem } from './webhooks.helpers';

const BASIC = `Basic ${Buffer.from('rzp_test_devkey000000:dev_key_secret_change_me').toString('base64')}`;

describe('payments: with Razorpay auto-capture off, authorized payments are captured through the API', () => {
  let t: WebhookTestSystem;

  beforeAll(async () => {
    t = await startWebhookTestSystem({
      RAZORPAY_AUTO_CAPTURE: 'false',
      RAZORPAY_TIMEOUT_MS: '300',
      RAZORPAY_MAX_RETRIES: '0',
    });
  });
  afterAll(() => t.close());
  afterEach(() => t.sim.configure({ down: false }));

  const razorpayPayment = (paymentId: string) =>
    fetch(`${t.system.urls.simulator}/v1/payments/${paymentId}`, { headers: { authorization: BASIC } }).then(
      (r) => r.json() as Promise<{ status: string }>,
    );
  const captureCalls = () => t.sim.stats().requests['POST /v1/payments/:id/capture'] ?? 0;

  it('when payment.authorized arrives, then the payment is captured once and the capture webhook confirms it', async () => {
    const intent = await t.newIntent();
    const payment = await t.sim.pay(intent.rzpOrderId, { outcome: 'authorized' });
    expect(payment.webhooks.map((w) => [w.event, w.status])).toEqual([['payment.authorized', 200]]);
    await t.settle();

    expect((await razorpayPayment(payment.id)).status).toBe('captured');
    expect(t.sim.stats().captures).toBe(1);
    expect(await t.paymentRow(intent.orderReference)).toMatchObject({ status: 'CAPTURED', payment_id: payment.id });
    expect(t.eventsFor(intent.orderReference).map((e) => e.eventType)).toEqual(['PaymentConfirmed']);
  });

  it('when payment.authorized is delivered again after the capture, then Razorpay is not asked to capture again', async () => {
    const intent = await t.newIntent();
    const payment = await t.sim.pay(intent.rzpOrderId, { outcome: 'authorized' });
    await t.settle();
    const calls = captureCalls();
    const authorized = t.sim
      .webhookEvents()
      .find((e) => e.paymentId === payment.id && e.event === 'payment.authorized')!;
    const { body } = (await fetch(`${t.system.urls.simulator}/_sim/webhooks/${authorized.id}`).then((r) =>
      r.json(),
    )) as { body: string };
    await t.deliver(body);
    await t.settle();

    expect(captureCalls()).toBe(calls);
    expect(t.eventsFor(intent.orderReference)).toHaveLength(1);
  });

  it('when Razorpay is down at capture time, then the event stays unprocessed and the capture succeeds on a later attempt', async () => {
    const intent = await t.newIntent();
    const capturesBefore = t.sim.stats().captures;
    t.sim.configure({ down: true });
    const payment = await t.sim.pay(intent.rzpOrderId, { outcome: 'authorized' });
    const authorized = payment.webhooks[0]!;
    // Wait for the failed attempt to be recorded on the event.
    for (let i = 0; i < 200 && !(await t.webhookRow(authorized.id))?.last_error; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await t.webhookRow(authorized.id)).toMatchObject({
      status: 'RECEIVED',
      last_error: expect.stringMatching(/Razorpay/),
    });
    expect(t.sim.stats().captures).toBe(capturesBefore);

    t.sim.configure({ down: false });
    await t.settle();
    expect(await t.webhookRow(authorized.id)).toMatchObject({ status: 'PROCESSED' });
    expect((await razorpayPayment(payment.id)).status).toBe('captured');
    expect(t.eventsFor(intent.orderReference).map((e) => e.eventType)).toEqual(['PaymentConfirmed']);
  });
});
