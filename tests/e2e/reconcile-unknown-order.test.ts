// Reconciliation and a Razorpay order Razorpay does not know (a simulator that lost its state, a
// key from another account): the payment is settled once, VOIDED with its reason, and the order
// that was still waiting to be paid ends with it and gives its stock back, instead of a warning on
// every pass forever.
import { probe } from '../support/event-probe';
import { settle as settleSystem } from '../support/settle';
import { startTestSystem, type TestSystem } from '../support/test-system';

describe('reconciliation settles a payment whose Razorpay order the gateway does not know', () => {
  let system: TestSystem;
  let paymentEvents: ReturnType<typeof probe>;

  beforeAll(async () => {
    system = await startTestSystem({
      env: {
        CHECKOUT_EXPIRY_SECONDS: '600',
        RECONCILE_INTERVAL_SECONDS: '3600',
        RECONCILE_MIN_AGE_SECONDS: '0',
        RECONCILE_RECHECK_AFTER_SECONDS: '0',
      },
    });
    paymentEvents = probe(system.hub, 'payment-events');
    await system.addProduct({ productId: 'payasam', vendorId: 'vendor-p', price: 12000, stock: 4 });
  });
  afterAll(() => system.close());

  const reconcile = () =>
    (
      system.services.payments.workers['reconcile'] as unknown as { runOnce(): Promise<Record<string, number>> }
    ).runOnce();
  const settle = () => settleSystem(system);

  it('voids the payment once, ends the order with its reason, releases the hold, and a second pass changes nothing', async () => {
    const { body } = await system.checkout([{ productId: 'payasam', quantity: 3 }]);
    expect(await system.stockOf('payasam')).toEqual({ stock: 4, reserved: 3 });
    await system.sim!.reset(); // Razorpay no longer knows the order

    expect(await reconcile()).toMatchObject({ voided: 1 });
    await settle();
    const second = await reconcile();
    await settle();
    expect(second.voided ?? 0).toBe(0);
    expect(second.error ?? 0).toBe(0);

    const [payment] = await system.sql(
      'select status, status_reason from payments.payments where order_reference = $1',
      [body.orderId],
    );
    expect(payment).toEqual({
      status: 'VOIDED',
      status_reason: 'the payment gateway has no record of the Razorpay order',
    });
    const [order] = await system.sql('select status, status_reason from orders.orders where order_id = $1', [
      body.orderId,
    ]);
    expect(order).toEqual({
      status: 'PAYMENT_FAILED',
      status_reason: 'payment failed: the payment gateway has no record of the Razorpay order',
    });
    const steps = await system.sql<{ step: string }>(
      'select step from orders.order_timeline where order_id = $1 order by id',
      [body.orderId],
    );
    expect(steps.filter((s) => s.step === 'PAYMENT_INTENT_VOIDED')).toHaveLength(1);
    const [hold] = await system.sql('select status from catalog.holds where order_reference = $1', [body.orderId]);
    expect(hold).toEqual({ status: 'RELEASED' });
    expect(await system.stockOf('payasam')).toEqual({ stock: 4, reserved: 0 });

    // The event delivered again (at-least-once): nothing more happens.
    const voided = paymentEvents
      .ofType('PaymentIntentVoided')
      .filter((e) => (e.payload as { orderReference: string }).orderReference === body.orderId);
    expect(voided).toHaveLength(1);
    await system.hub.publish('payment-events', voided[0]!);
    await settle();
    expect(
      (
        await system.sql<{ step: string }>('select step from orders.order_timeline where order_id = $1', [body.orderId])
      ).filter((s) => s.step === 'PAYMENT_INTENT_VOIDED'),
    ).toHaveLength(1);
    expect(await system.stockOf('payasam')).toEqual({ stock: 4, reserved: 0 });
  });

  it('a payment whose gateway cannot be asked is not voided: it is retried', async () => {
    const { body } = await system.checkout([{ productId: 'payasam', quantity: 1 }]);
    system.sim!.configure({ down: true });
    try {
      expect(await reconcile()).toMatchObject({ error: 1 });
    } finally {
      system.sim!.configure({ down: false });
    }
    const [payment] = await system.sql('select status from payments.payments where order_reference = $1', [
      body.orderId,
    ]);
    expect(payment).toEqual({ status: 'INTENT_CREATED' });
  });
});
