import { randomBytes } from 'node:crypto';
import { PaymentRefunded } from '@saga/contracts';
import { newEvent } from '@saga/runtime';
import { about, startCompensationSystem, type CompensationSystem } from './compensation.helpers';

describe('payments: a RefundRequested becomes exactly one Razorpay refund', () => {
  let t: CompensationSystem;

  beforeAll(async () => {
    t = await startCompensationSystem({
      // Retries come quickly and the circuit closes quickly again, so a test sees the refund through.
      REFUND_RETRY_BASE_MS: '50',
      REFUND_WORKER_INTERVAL_MS: '100',
      RAZORPAY_TIMEOUT_MS: '500',
      RAZORPAY_BREAKER_OPEN_MS: '200',
    });
  });
  afterAll(() => t.close());
  afterEach(() => t.sim.configure({ down: false, failNext: 0 }));

  /** A checkout paid through the simulator (webhooks and all): the order is placed. */
  const placedOrder = async () => {
    const order = await t.checkout();
    const payment = await t.sim.pay(order.rzpOrderId, { outcome: 'captured' });
    await t.settle();
    expect(await t.order(order.orderId)).toMatchObject({ status: 'PENDING_VENDOR_ACCEPTANCE', payment_id: payment.id });
    return { ...order, paymentId: payment.id };
  };
  const refundRequested = (
    o: { orderId: string; paymentId: string; amount: number },
    reason = 'the vendor could not fulfil the order',
  ) =>
    newEvent('RefundRequested', {
      orderId: o.orderId,
      paymentId: o.paymentId,
      amount: o.amount,
      currency: 'INR' as const,
      reason,
    });
  const refundsCreated = () => t.sim.stats().refundsCreated;
  const refundPosts = () => t.sim.stats().requests['POST /v1/payments/:id/refund'] ?? 0;
  const processed = (paymentId: string) =>
    t.waitFor(`refund of ${paymentId}`, async () => (await t.refund(paymentId))?.status === 'PROCESSED');

  it('when RefundRequested arrives for a captured payment, then Razorpay refunds it once, the payment is REFUNDED and one PaymentRefunded is published', async () => {
    const o = await placedOrder();
    const before = refundsCreated();
    await t.system.hub.publish('order-events', refundRequested(o));
    await t.settle();

    expect(refundsCreated()).toBe(before + 1);
    const [refund, ...others] = await t.razorpayRefunds(o.paymentId);
    expect(others).toEqual([]);
    expect(refund).toMatchObject({
      amount: o.amount,
      status: 'processed',
      notes: { orderReference: o.orderId, reason: 'the vendor could not fulfil the order' },
    });
    expect(await t.payment(o.orderId)).toMatchObject({ status: 'REFUNDED', payment_id: o.paymentId });
    expect(await t.refund(o.paymentId)).toMatchObject({
      status: 'PROCESSED',
      razorpay_refund_id: refund!.id,
      idempotency_key: `refund-${o.paymentId}`,
      requested_by: 'order',
      attempts: 1,
    });
    const events = about(t.paymentEvents.events, 'PaymentRefunded', o.orderId);
    expect(events).toHaveLength(1);
    expect(PaymentRefunded.parse(events[0]).payload).toEqual({
      orderReference: o.orderId,
      paymentId: o.paymentId,
      refundId: refund!.id,
      amount: o.amount,
      currency: 'INR',
      reason: 'the vendor could not fulfil the order',
      refundedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // The idempotency key really reached Razorpay: the same key with another body is refused.
    const reuse = await t.razorpay(
      'POST',
      `/v1/payments/${o.paymentId}/refund`,
      { amount: 100 },
      { 'x-refund-idempotency': `refund-${o.paymentId}` },
    );
    expect(reuse.status).toBe(409);
    expect(await t.metrics()).toMatch(/payments_refunds_total\{outcome="processed",service="payments"\} [1-9]/);
    expect(await t.metrics()).toMatch(/payments_refunds_pending\{service="payments"\} 0/);
  });

  it('when the same RefundRequested is delivered twice, and another one for the same payment follows, then Razorpay is asked once', async () => {
    const o = await placedOrder();
    const [before, postsBefore] = [refundsCreated(), refundPosts()];
    const event = refundRequested(o);
    await t.system.hub.publish('order-events', event);
    await t.system.hub.publish('order-events', event);
    await t.system.hub.publish('order-events', refundRequested(o, 'asked again under another event id'));
    await t.settle();

    expect(refundsCreated()).toBe(before + 1);
    expect(refundPosts()).toBe(postsBefore + 1);
    expect(await t.razorpayRefunds(o.paymentId)).toHaveLength(1);
    expect(about(t.paymentEvents.events, 'PaymentRefunded', o.orderId)).toHaveLength(1);
    expect(
      await t.system.sql('select count(*)::int as n from payments.inbox where consumer = $1 and event_id = $2', [
        'payments.refund-requested',
        event.eventId,
      ]),
    ).toEqual([{ n: 1 }]);
  });

  it('when the refund call fails twice with 500, then it is retried with backoff and Razorpay refunds exactly once', async () => {
    const o = await placedOrder();
    const [before, failedBefore] = [refundsCreated(), t.sim.stats().injectedFailures.failNext];
    t.sim.configure({ failNext: { count: 2, status: 500 } });
    await t.system.hub.publish('order-events', refundRequested(o));
    await t.settle();
    expect(t.sim.stats().injectedFailures.failNext).toBe(failedBefore + 2);
    expect(await t.refund(o.paymentId)).toMatchObject({
      status: 'REQUESTED',
      last_error: expect.stringMatching(/500/),
    });

    await processed(o.paymentId);
    await t.settle();
    expect(refundsCreated()).toBe(before + 1);
    expect(await t.razorpayRefunds(o.paymentId)).toHaveLength(1);
    expect((await t.refund(o.paymentId))!.attempts).toBeGreaterThanOrEqual(2);
    expect(about(t.paymentEvents.events, 'PaymentRefunded', o.orderId)).toHaveLength(1);
    expect(await t.metrics()).toMatch(/payments_refunds_total\{outcome="retry",service="payments"\} [1-9]/);
  });

  it('when Razorpay refunds but every answer is lost, then the next attempt finds the refund and does not ask again', async () => {
    const o = await placedOrder();
    const before = refundsCreated();
    // The first call and its immediate retry (same key) are both carried out; only the answers are lost.
    t.sim.configure({ failNext: { count: 2, status: 502, afterCommit: true } });
    const postsBefore = refundPosts();
    await t.system.hub.publish('order-events', refundRequested(o));
    await t.settle();
    expect(await t.refund(o.paymentId)).toMatchObject({ status: 'REQUESTED', attempts: 1 });

    await processed(o.paymentId);
    expect(refundPosts()).toBe(postsBefore + 2); // no third request: the lookup found the refund
    expect(refundsCreated()).toBe(before + 1);
    expect(await t.payment(o.orderId)).toMatchObject({ status: 'REFUNDED' });
  });

  it('when Razorpay is down, then the refund waits, and once Razorpay is back exactly one refund is made', async () => {
    const o = await placedOrder();
    const before = refundsCreated();
    t.sim.configure({ down: true });
    await t.system.hub.publish('order-events', refundRequested(o));
    await t.settle();
    await t.waitFor('a failed attempt', async () => Boolean((await t.refund(o.paymentId))?.last_error));
    expect(await t.refund(o.paymentId)).toMatchObject({ status: 'REQUESTED' });
    expect(refundsCreated()).toBe(before);
    expect(await t.metrics()).toMatch(/payments_refunds_pending\{service="payments"\} [1-9]/);

    t.sim.configure({ down: false });
    await processed(o.paymentId);
    await t.settle();
    expect(refundsCreated()).toBe(before + 1);
    expect(about(t.paymentEvents.events, 'PaymentRefunded', o.orderId)).toHaveLength(1);
  });

  it('when Razorpay refuses the refund for good, then it is FAILED, counted and logged for a person, and nothing is published', async () => {
    const orderId = '00000000-0000-4000-8000-' + randomBytes(6).toString('hex');
    const paymentId = `pay_Unknown${randomBytes(4).toString('hex')}`;
    await t.system.hub.publish('order-events', refundRequested({ orderId, paymentId, amount: 30_000 }));
    await t.settle();

    expect(await t.refund(paymentId)).toMatchObject({ status: 'FAILED', last_error: expect.stringMatching(/400/) });
    expect(about(t.paymentEvents.events, 'PaymentRefunded', orderId)).toEqual([]);
    expect(
      t.logs.some((l) => l.includes('"level":50') && l.includes(paymentId) && l.includes('a person must refund')),
    ).toBe(true);
    expect(await t.metrics()).toMatch(/payments_refunds_total\{outcome="failed",service="payments"\} [1-9]/);
  });
});

describe('payments: captured money no order will use is refunded (compensation end to end)', () => {
  let t: CompensationSystem;

  beforeAll(async () => {
    t = await startCompensationSystem({ CHECKOUT_EXPIRY_SECONDS: '600' });
  });
  afterAll(() => t.close());

  it('when a checkout expires and is paid afterwards, then the order is CANCELLED, never placed, and the payment is refunded once', async () => {
    const o = await t.checkout();
    await t.system.sql(`update orders.orders set expires_at = now() - interval '1 second' where order_id = $1`, [
      o.orderId,
    ]);
    const expiry = t.system.services.order.workers['checkout-expiry'] as unknown as {
      runOnce(): Promise<{ expired: number }>;
    };
    expect(await expiry.runOnce()).toMatchObject({ expired: 1 });
    await t.settle();
    const before = t.sim.stats().refundsCreated;

    const payment = await t.sim.pay(o.rzpOrderId, { outcome: 'captured' });
    await t.settle();

    expect(await t.order(o.orderId)).toMatchObject({ status: 'CANCELLED', payment_id: payment.id });
    expect(about(t.orderEvents.events, 'OrderPlaced', o.orderId)).toEqual([]);
    expect(about(t.orderEvents.events, 'RefundRequested', o.orderId)).toHaveLength(1);
    expect(t.sim.stats().refundsCreated).toBe(before + 1);
    expect(await t.razorpayRefunds(payment.id)).toEqual([
      expect.objectContaining({ amount: o.amount, status: 'processed' }),
    ]);
    expect(await t.payment(o.orderId)).toMatchObject({
      status: 'REFUNDED',
      payment_id: payment.id,
      settled_as: expect.stringMatching(/^(ORDER_CANCELLED|REFUND_REQUESTED)$/),
    });
    expect(about(t.paymentEvents.events, 'PaymentConfirmed', o.orderId)).toHaveLength(1);
    expect(about(t.paymentEvents.events, 'PaymentRefunded', o.orderId)).toHaveLength(1);
  });

  it('when the captured amount differs from the payment record, then nothing is confirmed and the payment is refunded', async () => {
    const o = await t.checkout();
    // The record expects another amount than the one Razorpay captures.
    await t.system.sql('update payments.payments set amount_paise = amount_paise + 100 where order_reference = $1', [
      o.orderId,
    ]);
    const before = t.sim.stats().refundsCreated;
    const payment = await t.sim.pay(o.rzpOrderId, { outcome: 'captured' });
    await t.settle();

    expect(about(t.paymentEvents.events, 'PaymentConfirmed', o.orderId)).toEqual([]);
    const flagged = await t.system.sql<{ status: string }>(
      `select status from payments.webhook_events where event_type = 'payment.captured' and body::json #>> '{payload,payment,entity,id}' = $1`,
      [payment.id],
    );
    expect(flagged).toEqual([{ status: 'FLAGGED' }]);
    expect(t.sim.stats().refundsCreated).toBe(before + 1);
    expect(await t.razorpayRefunds(payment.id)).toEqual([
      expect.objectContaining({ amount: o.amount, status: 'processed' }),
    ]);
    expect(await t.refund(payment.id)).toMatchObject({
      status: 'PROCESSED',
      requested_by: 'payments',
      reason: expect.stringMatching(/does not match/),
    });
    expect(about(t.paymentEvents.events, 'PaymentRefunded', o.orderId)).toHaveLength(1);
    expect(await t.order(o.orderId)).toMatchObject({ status: 'CHECKOUT' });
  });

  it('when a second payment is captured for an order already paid, then that payment is refunded and the order keeps the first', async () => {
    const o = await t.checkout();
    const failed = await t.sim.pay(o.rzpOrderId, { outcome: 'failed' });
    const paid = await t.sim.pay(o.rzpOrderId, { outcome: 'captured' });
    await t.settle();
    const before = t.sim.stats().refundsCreated;
    // The failed attempt is authorised late and captured too: the customer paid twice.
    const late = await t.sim.lateAuthorize(failed.id, { outcome: 'captured' });
    expect(late.status).toBe('captured');
    await t.settle();

    expect(t.sim.stats().refundsCreated).toBe(before + 1);
    expect(await t.razorpayRefunds(failed.id)).toHaveLength(1);
    expect(await t.razorpayRefunds(paid.id)).toEqual([]);
    expect(await t.order(o.orderId)).toMatchObject({ status: 'PENDING_VENDOR_ACCEPTANCE', payment_id: paid.id });
    expect(await t.payment(o.orderId)).toMatchObject({
      status: 'CAPTURED',
      payment_id: paid.id,
      settled_as: 'ORDER_PLACED',
    });
    expect(
      about(t.paymentEvents.events, 'PaymentRefunded', o.orderId).map((e) => (e.payload as any).paymentId),
    ).toEqual([failed.id]);
  });
});
