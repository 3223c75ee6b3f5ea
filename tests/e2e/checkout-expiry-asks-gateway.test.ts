// The checkout expiry asks the payment gateway before it expires an order with a Razorpay order:
// a customer who paid inside the window, whose webhooks were lost, gets the order placed, not an
// expired order and a refund. Reconciliation is kept out of the way (hourly) so that only the
// expiry sweep can find the payment.
import { probe } from '../support/event-probe';
import { settle as settleSystem } from '../support/settle';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { vendorToken } from '../support/tokens';
import { openVendorSocket } from '../support/vendor-socket';

const MAX_DEFER_SECONDS = 120;

describe('checkout expiry asks the payment gateway first', () => {
  let system: TestSystem;
  let paymentEvents: ReturnType<typeof probe>;
  let orderEvents: ReturnType<typeof probe>;

  beforeAll(async () => {
    system = await startTestSystem({
      env: {
        CHECKOUT_EXPIRY_SECONDS: '600',
        CHECKOUT_EXPIRY_MAX_DEFER_SECONDS: String(MAX_DEFER_SECONDS),
        RECONCILE_INTERVAL_SECONDS: '3600',
        RAZORPAY_TIMEOUT_MS: '300',
        RAZORPAY_MAX_RETRIES: '0',
        RAZORPAY_BREAKER_THRESHOLD: '100',
      },
    });
    paymentEvents = probe(system.hub, 'payment-events');
    orderEvents = probe(system.hub, 'order-events');
    await system.addProduct({ productId: 'jackfruit', vendorId: 'vendor-j', price: 45000, stock: 10 });
  });
  afterAll(() => system.close());

  const settle = () => settleSystem(system);
  const expiry = () =>
    system.services.order.workers['checkout-expiry'] as unknown as {
      runOnce(): Promise<{ expired: number; deferred: number }>;
    };
  const order = async (id: string) =>
    (
      await system.sql<{ status: string; status_reason: string | null; payment_id: string | null }>(
        'select status, status_reason, payment_id from orders.orders where order_id = $1',
        [id],
      )
    )[0]!;
  const steps = async (id: string) =>
    await system.sql<{ step: string; detail: Record<string, unknown> | null }>(
      'select step, detail from orders.order_timeline where order_id = $1 order by id',
      [id],
    );
  /** The checkout window closes now (as if CHECKOUT_EXPIRY_SECONDS had gone by). */
  const closeWindow = (id: string, agoSeconds = 1) =>
    system.sql(
      `update orders.orders set expires_at = now() - make_interval(secs => $2), expiry_next_check_at = null where order_id = $1`,
      [id, agoSeconds],
    );
  const about = (events: ReturnType<typeof probe>, type: string, orderId: string) =>
    events
      .ofType(type)
      .filter(
        (e) =>
          (e.payload as { orderReference?: string; orderId?: string }).orderReference === orderId ||
          (e.payload as { orderId?: string }).orderId === orderId,
      );

  it('places (and notifies) an order paid just before its window closed whose webhooks were lost, and refunds nothing', async () => {
    const vendor = await openVendorSocket(system.urls.notifications, await vendorToken('vendor-j'));
    const { body } = await system.checkout([{ productId: 'jackfruit', quantity: 2 }]);
    const refundsBefore = system.sim!.stats().refundsCreated;
    // Paid inside the window; Razorpay's webhooks never arrive.
    const payment = await system.sim!.pay(body.paymentIntent.paymentProviderOrderId, {
      outcome: 'captured',
      webhook: false,
    });
    await closeWindow(body.orderId);

    // Two sweeps at once (two replicas): the order is looked at by one, and confirmed once.
    await Promise.all([expiry().runOnce(), expiry().runOnce()]);
    const frame = await vendor.next((f) => f.event === 'new_order' && f.data?.orderId === body.orderId);
    vendor.ack(frame.id!);
    await settle();
    await expiry().runOnce(); // a later sweep finds nothing left to do with it

    expect(await order(body.orderId)).toMatchObject({ status: 'PENDING_VENDOR_ACCEPTANCE', payment_id: payment.id });
    expect(vendor.newOrders().filter((f) => f.data?.orderId === body.orderId)).toHaveLength(1);
    expect(about(paymentEvents, 'PaymentConfirmed', body.orderId)).toHaveLength(1);
    expect(about(orderEvents, 'OrderExpired', body.orderId)).toEqual([]);
    expect(about(orderEvents, 'RefundRequested', body.orderId)).toEqual([]);
    expect(await system.sql('select 1 from payments.refunds where order_reference = $1', [body.orderId])).toEqual([]);
    expect(system.sim!.stats().refundsCreated).toBe(refundsBefore);
    expect((await steps(body.orderId)).map((s) => s.step)).not.toContain('EXPIRED');
    expect(await system.stockOf('jackfruit')).toEqual({ stock: 8, reserved: 0 });
    await vendor.close();
  });

  it('still expires an order nobody paid, after asking the gateway, and gives its stock back', async () => {
    const { body } = await system.checkout([{ productId: 'jackfruit', quantity: 1 }]);
    const asked = () => system.sim!.stats().requests['GET /v1/orders/:id/payments'] ?? 0;
    const before = asked();
    await closeWindow(body.orderId);
    await expiry().runOnce();
    await settle();

    expect(asked()).toBeGreaterThan(before);
    expect(await order(body.orderId)).toMatchObject({
      status: 'EXPIRED',
      status_reason: 'checkout expired before payment',
    });
    expect(about(orderEvents, 'OrderExpired', body.orderId)).toHaveLength(1);
    expect(await system.stockOf('jackfruit')).toEqual({ stock: 8, reserved: 0 });
  });

  it('keeps an order whose payment is only authorised open, then expires it once the wait is over', async () => {
    const { body } = await system.checkout([{ productId: 'jackfruit', quantity: 1 }]);
    await system.sim!.pay(body.paymentIntent.paymentProviderOrderId, { outcome: 'authorized', webhook: false });
    await closeWindow(body.orderId);
    await expiry().runOnce();
    expect(await order(body.orderId)).toMatchObject({ status: 'CHECKOUT' });
    expect((await steps(body.orderId)).filter((s) => s.step === 'EXPIRY_DEFERRED')).toEqual([
      {
        step: 'EXPIRY_DEFERRED',
        detail: { gateway: 'AUTHORIZED', reason: 'payment authorised at the gateway; waiting for its confirmation' },
      },
    ]);

    await closeWindow(body.orderId, MAX_DEFER_SECONDS + 1);
    await expiry().runOnce();
    await settle();
    expect(await order(body.orderId)).toMatchObject({
      status: 'EXPIRED',
      status_reason: 'checkout expired; its payment was never confirmed',
    });
  });

  it('does not expire an order while the gateway cannot be asked, and expires it once the wait is over', async () => {
    const { body } = await system.checkout([{ productId: 'jackfruit', quantity: 1 }]);
    system.sim!.configure({ down: true });
    try {
      await closeWindow(body.orderId);
      await expiry().runOnce();
      expect(await order(body.orderId)).toMatchObject({ status: 'CHECKOUT' });
      expect((await steps(body.orderId)).filter((s) => s.step === 'EXPIRY_DEFERRED')).toEqual([
        {
          step: 'EXPIRY_DEFERRED',
          detail: { gateway: 'UNREACHABLE', reason: 'the payment gateway could not be asked; trying again' },
        },
      ]);
      // Put off, not looked at again on the very next sweep.
      expect(await expiry().runOnce()).toMatchObject({ expired: 0, deferred: 0 });

      await closeWindow(body.orderId, MAX_DEFER_SECONDS + 1);
      await expiry().runOnce();
      await settle();
      expect(await order(body.orderId)).toMatchObject({
        status: 'EXPIRED',
        status_reason: 'checkout expired; the payment gateway could not be asked',
      });
      expect(about(orderEvents, 'OrderExpired', body.orderId)).toHaveLength(1);
    } finally {
      system.sim!.configure({ down: false });
    }
    expect(await system.stockOf('jackfruit')).toEqual({ stock: 8, reserved: 0 });
  });
});
