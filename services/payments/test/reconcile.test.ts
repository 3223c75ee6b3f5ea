import { about, startCompensationSystem, type CompensationSystem } from './compensation.helpers';

describe('payments: reconciliation completes what Razorpay shows and the webhooks never told', () => {
  let t: CompensationSystem;

  beforeAll(async () => {
    t = await startCompensationSystem({
      // The test runs every pass itself; the background pass stays out of the way.
      RECONCILE_INTERVAL_SECONDS: '3600',
      RECONCILE_MIN_AGE_SECONDS: '0',
      RECONCILE_SETTLE_AFTER_SECONDS: '30',
      RAZORPAY_AUTO_CAPTURE: 'false',
    });
  });
  afterAll(() => t.close());
  afterEach(() => t.sim.configure({ autoWebhook: true }));

  const confirmations = (orderId: string) => about(t.paymentEvents.events, 'PaymentConfirmed', orderId);
  const reconcile = async () => {
    const report = await t.workers.reconcile.runOnce();
    await t.settle();
    return report;
  };

  it('when a payment is captured and no webhook comes, then one reconciliation pass confirms it and the order is placed', async () => {
    const o = await t.checkout();
    const payment = await t.sim.pay(o.rzpOrderId, { outcome: 'captured', webhook: false });
    await t.settle();
    expect(await t.order(o.orderId)).toMatchObject({ status: 'CHECKOUT' });

    const report = await reconcile();

    expect(report.confirmed).toBeGreaterThanOrEqual(1);
    expect(await t.order(o.orderId)).toMatchObject({ status: 'PENDING_VENDOR_ACCEPTANCE', payment_id: payment.id });
    expect(confirmations(o.orderId)).toHaveLength(1);
    expect(confirmations(o.orderId)[0]!.payload as any).toMatchObject({
      paymentId: payment.id,
      amount: o.amount,
      paymentProviderOrderId: o.rzpOrderId,
    });
    expect(await t.payment(o.orderId)).toMatchObject({
      status: 'CAPTURED',
      payment_id: payment.id,
      settled_as: 'ORDER_PLACED',
    });
    // The same webhook processing made the change: the reconstructed event is stored and PROCESSED.
    expect(
      await t.system.sql('select status from payments.webhook_events where event_id = $1', [
        `reconcile.${payment.id}.captured`,
      ]),
    ).toEqual([{ status: 'PROCESSED' }]);
    expect(
      t.logs.some((l) => l.includes('"level":30') && l.includes(o.orderId) && l.includes('reconciliation confirmed')),
    ).toBe(true);
    const metrics = await t.metrics();
    expect(metrics).toMatch(/payments_reconciled_total\{outcome="confirmed",service="payments"\} [1-9]/);
    expect(metrics).toMatch(/payments_reconcile_duration_seconds_count\{service="payments"\} [1-9]/);

    // A second pass, and the lost webhooks arriving after all, change nothing.
    await reconcile();
    for (const event of t.sim.webhookEvents().filter((e) => e.paymentId === payment.id))
      await t.sim.redeliver(event.id);
    await t.settle();
    expect(confirmations(o.orderId)).toHaveLength(1);
    expect(about(t.orderEvents.events, 'OrderPlaced', o.orderId)).toHaveLength(1);
  });

  it('when two replicas reconcile at the same moment, then the payment is confirmed once', async () => {
    const o = await t.checkout();
    await t.sim.pay(o.rzpOrderId, { outcome: 'captured', webhook: false });
    const razorpayCalls = () => t.sim.stats().requests['GET /v1/orders/:id/payments'] ?? 0;
    const callsBefore = razorpayCalls();

    await Promise.all([t.workers.reconcile.runOnce(), t.workers.reconcile.runOnce(), t.workers.reconcile.runOnce()]);
    await t.settle();

    expect(confirmations(o.orderId)).toHaveLength(1);
    expect(about(t.orderEvents.events, 'OrderPlaced', o.orderId)).toHaveLength(1);
    expect(await t.order(o.orderId)).toMatchObject({ status: 'PENDING_VENDOR_ACCEPTANCE' });
    // Looked up at Razorpay by one replica only (every other payment of this system is leased or settled).
    expect(razorpayCalls() - callsBefore).toBe(1);
  });

  it('when an authorized payment is not captured by Razorpay and its webhooks are lost, then reconciliation captures it and then confirms it', async () => {
    t.sim.configure({ autoWebhook: false });
    const o = await t.checkout();
    const payment = await t.sim.pay(o.rzpOrderId, { outcome: 'authorized' });
    const captures = t.sim.stats().captures;

    await reconcile();
    expect(t.sim.stats().captures).toBe(captures + 1);
    expect(await t.payment(o.orderId)).toMatchObject({ status: 'AUTHORIZED', payment_id: payment.id });
    expect(confirmations(o.orderId)).toEqual([]);

    // The capture webhook is lost too: the payment's next check (made due here) finds it captured.
    await t.system.sql('update payments.payments set next_reconcile_at = now() where order_reference = $1', [
      o.orderId,
    ]);
    await reconcile();
    expect(t.sim.stats().captures).toBe(captures + 1);
    expect(confirmations(o.orderId)).toHaveLength(1);
    expect(await t.order(o.orderId)).toMatchObject({ status: 'PENDING_VENDOR_ACCEPTANCE', payment_id: payment.id });
  });

  it('when a payment was captured but the order never settled it, then PaymentConfirmed is sent again once and the order is placed', async () => {
    const o = await t.checkout();
    // Captured an hour ago; its PaymentConfirmed never reached the order (the order is still in CHECKOUT).
    await t.system.sql(
      `update payments.payments set status = 'CAPTURED', payment_id = 'pay_LostConfirm01', method = 'upi', captured_at = now() - interval '1 hour' where order_reference = $1`,
      [o.orderId],
    );

    const report = await reconcile();

    expect(report.reconfirmed).toBeGreaterThanOrEqual(1);
    expect(confirmations(o.orderId)).toHaveLength(1);
    expect(confirmations(o.orderId)[0]!.payload).toMatchObject({
      orderReference: o.orderId,
      paymentId: 'pay_LostConfirm01',
      amount: o.amount,
    });
    expect(await t.order(o.orderId)).toMatchObject({
      status: 'PENDING_VENDOR_ACCEPTANCE',
      payment_id: 'pay_LostConfirm01',
    });
    expect(await t.payment(o.orderId)).toMatchObject({ settled_as: 'ORDER_PLACED', settled_at: expect.anything() });
    expect(t.logs.some((l) => l.includes(o.orderId) && l.includes('PaymentConfirmed sent again'))).toBe(true);

    // Settled now: later passes leave it alone, even once its lease is over.
    await t.system.sql('update payments.payments set next_reconcile_at = now() where order_reference = $1', [
      o.orderId,
    ]);
    await reconcile();
    expect(confirmations(o.orderId)).toHaveLength(1);
    expect(await t.metrics()).toMatch(/payments_reconciled_total\{outcome="reconfirmed",service="payments"\} [1-9]/);
  });

  it('when a captured payment is still within its settle time, then it is not confirmed again', async () => {
    const o = await t.checkout();
    await t.system.sql(
      `update payments.payments set status = 'CAPTURED', payment_id = 'pay_JustCaptured1', captured_at = now() where order_reference = $1`,
      [o.orderId],
    );
    await reconcile();
    expect(confirmations(o.orderId)).toEqual([]);
    expect(await t.order(o.orderId)).toMatchObject({ status: 'CHECKOUT' });
  });
});

describe('payments: the reconciliation worker runs by itself every RECONCILE_INTERVAL_SECONDS', () => {
  let t: CompensationSystem;

  beforeAll(async () => {
    t = await startCompensationSystem({ RECONCILE_INTERVAL_SECONDS: '1', RECONCILE_MIN_AGE_SECONDS: '1' });
  });
  afterAll(() => t.close());

  it('when a captured payment has no webhook, then the worker confirms it without being asked and the order is placed once', async () => {
    const o = await t.checkout();
    const payment = await t.sim.pay(o.rzpOrderId, { outcome: 'captured', webhook: false });

    await t.waitFor(
      'the order placed',
      async () => (await t.order(o.orderId))?.status === 'PENDING_VENDOR_ACCEPTANCE',
      15_000,
    );
    await t.settle();

    expect(about(t.paymentEvents.events, 'PaymentConfirmed', o.orderId)).toHaveLength(1);
    expect(await t.payment(o.orderId)).toMatchObject({
      status: 'CAPTURED',
      payment_id: payment.id,
      settled_as: 'ORDER_PLACED',
    });
  });

  it('when an intent was checked before it was paid, then a later pass checks it again and confirms the payment', async () => {
    const o = await t.checkout();
    await t.waitFor(
      'a first check of the unpaid intent',
      async () => (await t.payment(o.orderId)).reconcile_checks >= 1,
      15_000,
    );
    expect(await t.order(o.orderId)).toMatchObject({ status: 'CHECKOUT' });

    const payment = await t.sim.pay(o.rzpOrderId, { outcome: 'captured', webhook: false });
    await t.waitFor(
      'the order placed',
      async () => (await t.order(o.orderId))?.status === 'PENDING_VENDOR_ACCEPTANCE',
      15_000,
    );
    await t.settle();

    expect(about(t.paymentEvents.events, 'PaymentConfirmed', o.orderId)).toHaveLength(1);
    expect(await t.payment(o.orderId)).toMatchObject({ status: 'CAPTURED', payment_id: payment.id });
  });
});
