import { about, startCompensationSystem, type CompensationSystem } from './compensation.helpers';

describe('payments: reconciliation lists Razorpay orders in bulk and checks one by one only those with a payment attempt', () => {
  let t: CompensationSystem;

  beforeAll(async () => {
    t = await startCompensationSystem({
      // The test runs every pass itself; the background pass stays out of the way.
      RECONCILE_INTERVAL_SECONDS: '3600',
      RECONCILE_MIN_AGE_SECONDS: '0',
    });
  });
  afterAll(() => t.close());

  const calls = () => t.sim.stats().requests;
  const perPaymentCalls = () => calls()['GET /v1/orders/:id/payments'] ?? 0;
  const listCalls = () => calls()['GET /v1/orders'] ?? 0;

  it('when most open intents were never paid, then they cost no call of their own and the paid and the failed one are still found', async () => {
    const unpaid = [];
    for (let i = 0; i < 5; i++) unpaid.push(await t.checkout());
    const paid = await t.checkout();
    const failed = await t.checkout();
    const payment = await t.sim.pay(paid.rzpOrderId, { outcome: 'captured', webhook: false });
    await t.sim.pay(failed.rzpOrderId, { outcome: 'failed', webhook: false });
    await t.settle();
    const [perPaymentBefore, listBefore] = [perPaymentCalls(), listCalls()];

    const report = await t.workers.reconcile.runOnce();
    await t.settle();

    // One listing call covers all seven orders; only the paid and the failed order are fetched.
    expect(listCalls() - listBefore).toBeGreaterThanOrEqual(1);
    expect(perPaymentCalls() - perPaymentBefore).toBe(2);
    expect(report).toMatchObject({ confirmed: 1, recorded: 1, unchanged: 5 });

    expect(about(t.paymentEvents.events, 'PaymentConfirmed', paid.orderId)).toHaveLength(1);
    expect(await t.order(paid.orderId)).toMatchObject({ status: 'PENDING_VENDOR_ACCEPTANCE', payment_id: payment.id });
    expect(await t.payment(paid.orderId)).toMatchObject({ status: 'CAPTURED', payment_id: payment.id });
    expect(await t.payment(failed.orderId)).toMatchObject({ status: 'FAILED' });
    // The unpaid intents count as checked and wait for their next check (backoff), like any unchanged one.
    for (const o of unpaid) {
      const row = await t.payment(o.orderId);
      expect(row).toMatchObject({ status: 'INTENT_CREATED', reconcile_checks: 1 });
      expect(new Date(row.next_reconcile_at).getTime()).toBeGreaterThan(Date.now() + 3000_000);
    }
    expect(await t.metrics()).toMatch(/payments_reconciled_total\{outcome="unchanged",service="payments"\} [5-9]/);

    // Nothing is due any more: another pass calls Razorpay for nothing.
    const totalBefore = Object.values(calls()).reduce((a, b) => a + b, 0);
    expect(await t.workers.reconcile.runOnce()).toEqual({});
    expect(Object.values(calls()).reduce((a, b) => a + b, 0)).toBe(totalBefore);
  });

  it('when an intent is paid after its check, then its next check (made due here) goes to Razorpay one by one and confirms it', async () => {
    const o = await t.checkout();
    expect(await t.workers.reconcile.runOnce()).toMatchObject({ unchanged: 1 });
    const payment = await t.sim.pay(o.rzpOrderId, { outcome: 'captured', webhook: false });
    await t.system.sql('update payments.payments set next_reconcile_at = now() where order_reference = $1', [
      o.orderId,
    ]);
    const perPaymentBefore = perPaymentCalls();

    expect(await t.workers.reconcile.runOnce()).toMatchObject({ confirmed: 1 });
    await t.settle();

    expect(perPaymentCalls() - perPaymentBefore).toBe(1);
    expect(await t.payment(o.orderId)).toMatchObject({ status: 'CAPTURED', payment_id: payment.id });
    expect(about(t.paymentEvents.events, 'PaymentConfirmed', o.orderId)).toHaveLength(1);
  });

  it('when Razorpay fails the listing, then every due payment is checked one by one as before', async () => {
    const a = await t.checkout();
    const b = await t.checkout();
    await t.sim.pay(b.rzpOrderId, { outcome: 'captured', webhook: false });
    // The bulk scan asks for three pages at once: all three fail (400: not retried).
    t.sim.configure({ failNext: { count: 3, status: 400 } });
    const perPaymentBefore = perPaymentCalls();

    const report = await t.workers.reconcile.runOnce();
    await t.settle();

    expect(perPaymentCalls() - perPaymentBefore).toBe(2);
    expect(report).toMatchObject({ confirmed: 1, unchanged: 1 });
    expect(await t.payment(a.orderId)).toMatchObject({ status: 'INTENT_CREATED', reconcile_checks: 1 });
    expect(t.logs.some((l) => l.includes('listing Razorpay orders failed'))).toBe(true);
  });
});
