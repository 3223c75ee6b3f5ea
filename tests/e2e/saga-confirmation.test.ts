// The order side of the saga: PaymentConfirmed places the order once, commits the sale, and a
// payment that no order can use is refunded (RefundRequested). Payments is stood in for by
// publishing its event on the hub, exactly as its outbox relay would.
import { newEvent } from '@saga/runtime';
import { probe } from '../support/event-probe';
import { settle as settleSystem } from '../support/settle';
import { startTestSystem, type TestSystem } from '../support/test-system';

describe('order: from PaymentConfirmed to a placed order (or a refund)', () => {
  let system: TestSystem;
  let orderEvents: ReturnType<typeof probe>;

  beforeAll(async () => {
    system = await startTestSystem({ env: { CHECKOUT_EXPIRY_SECONDS: '600' } });
    orderEvents = probe(system.hub, 'order-events');
    await system.addProduct({ productId: 'mango-box', vendorId: 'vendor-m', price: 60000, stock: 5 });
  });
  afterAll(() => system.close());
  beforeEach(() => orderEvents.clear());

  const settle = () => settleSystem(system);
  const confirm = (orderId: string, amount: number, paymentId = `pay_${orderId.slice(0, 8)}`) =>
    system.hub.publish(
      'payment-events',
      newEvent('PaymentConfirmed', {
        orderReference: orderId,
        paymentProviderOrderId: 'order_x',
        paymentId,
        amount,
        currency: 'INR',
        method: 'upi',
        capturedAt: new Date().toISOString(),
      }),
    );
  const order = async (id: string) =>
    (
      await system.sql<{ status: string; status_reason: string | null; payment_id: string }>(
        'select status, status_reason, payment_id from orders.orders where order_id = $1',
        [id],
      )
    )[0];

  it('places the order once, sells the held stock, and announces OrderPlaced once however often the event comes', async () => {
    const { body } = await system.checkout([{ productId: 'mango-box', quantity: 2 }]);
    const event = newEvent('PaymentConfirmed', {
      orderReference: body.orderId,
      paymentProviderOrderId: body.paymentIntent.paymentProviderOrderId,
      paymentId: 'pay_once',
      amount: body.amount,
      currency: 'INR',
      method: 'upi',
      capturedAt: new Date().toISOString(),
    });
    for (let i = 0; i < 5; i++) await system.hub.publish('payment-events', event);
    await confirm(body.orderId, body.amount, 'pay_once'); // same payment, another event id
    await settle();

    expect(await order(body.orderId)).toMatchObject({ status: 'PENDING_VENDOR_ACCEPTANCE', payment_id: 'pay_once' });
    expect(orderEvents.ofType('OrderPlaced')).toHaveLength(1);
    expect(orderEvents.ofType('OrderPlaced')[0]!.payload).toMatchObject({
      orderId: body.orderId,
      vendorId: 'vendor-m',
      amount: 120000,
      paymentId: 'pay_once',
    });
    expect(orderEvents.ofType('RefundRequested')).toHaveLength(0);
    expect(await system.stockOf('mango-box')).toEqual({ stock: 3, reserved: 0 });
    const [hold] = await system.sql<{ status: string }>('select status from catalog.holds where order_reference = $1', [
      body.orderId,
    ]);
    expect(hold!.status).toBe('SOLD');
  });

  it('refunds a second, different payment for an order already placed', async () => {
    const { body } = await system.checkout([{ productId: 'mango-box', quantity: 1 }]);
    await confirm(body.orderId, body.amount, 'pay_first');
    await settle();
    await confirm(body.orderId, body.amount, 'pay_second');
    await settle();
    expect(await order(body.orderId)).toMatchObject({ status: 'PENDING_VENDOR_ACCEPTANCE', payment_id: 'pay_first' });
    expect(orderEvents.ofType('RefundRequested').map((e) => (e.payload as { paymentId: string }).paymentId)).toEqual([
      'pay_second',
    ]);
  });

  it('cancels and refunds a payment whose amount differs from the order, and sells nothing', async () => {
    const { body } = await system.checkout([{ productId: 'mango-box', quantity: 1 }]);
    const before = await system.stockOf('mango-box');
    await confirm(body.orderId, body.amount - 1, 'pay_short');
    await confirm(body.orderId, body.amount - 1, 'pay_short'); // redelivered: still one refund
    await settle();
    expect(await order(body.orderId)).toMatchObject({
      status: 'CANCELLED',
      status_reason: 'the paid amount differs from the order',
      payment_id: 'pay_short',
    });
    expect(orderEvents.ofType('OrderPlaced')).toHaveLength(0);
    expect(orderEvents.ofType('RefundRequested').map((e) => e.payload)).toEqual([
      expect.objectContaining({ orderId: body.orderId, paymentId: 'pay_short', amount: body.amount - 1 }),
    ]);
    const [hold] = await system.sql<{ status: string }>('select status from catalog.holds where order_reference = $1', [
      body.orderId,
    ]);
    expect(hold!.status).toBe('RELEASED'); // OrderCancelled gives the held unit back
    expect(await system.stockOf('mango-box')).toEqual({ stock: before.stock, reserved: before.reserved - 1 });
  });

  it('expires an unpaid checkout, gives its stock back, and refunds a payment that lands afterwards', async () => {
    const { body } = await system.checkout([{ productId: 'mango-box', quantity: 1 }]);
    const before = await system.stockOf('mango-box');
    await system.sql(`update orders.orders set expires_at = now() - interval '1 second' where order_id = $1`, [
      body.orderId,
    ]);
    const worker = system.services.order.workers['checkout-expiry'] as unknown as {
      runOnce(): Promise<{ expired: number }>;
    };
    expect(await worker.runOnce()).toMatchObject({ expired: 1 });
    await settle();
    expect(await order(body.orderId)).toMatchObject({
      status: 'EXPIRED',
      status_reason: 'checkout expired before payment',
    });
    expect(await system.stockOf('mango-box')).toEqual({ stock: before.stock, reserved: before.reserved - 1 });

    await confirm(body.orderId, body.amount, 'pay_late');
    await confirm(body.orderId, body.amount, 'pay_late');
    await settle();
    expect(await order(body.orderId)).toMatchObject({ status: 'CANCELLED', payment_id: 'pay_late' });
    expect(orderEvents.ofType('OrderPlaced')).toHaveLength(0);
    expect(orderEvents.ofType('RefundRequested')).toHaveLength(1);
    expect(orderEvents.ofType('RefundRequested')[0]!.payload).toMatchObject({
      orderId: body.orderId,
      paymentId: 'pay_late',
      amount: body.amount,
    });
  });

  it('cancels and refunds when the hold lapsed and the stock was sold to someone else', async () => {
    await system.addProduct({ productId: 'last-kurta', vendorId: 'vendor-m', price: 90000, stock: 1 });
    const first = await system.checkout([{ productId: 'last-kurta', quantity: 1 }]);
    // The catalog's backstop sweep released the hold (a long outage), and another customer bought the piece.
    await system.sql(`update catalog.holds set expires_at = now() - interval '1 second' where order_reference = $1`, [
      first.body.orderId,
    ]);
    const sweeper = (await import('../../services/catalog/src/holds/hold-expiry.worker')).holdExpiryWorker(
      system.services.catalog.ctx.db,
      system.logger,
      60_000,
    );
    await sweeper.sweep();
    const second = await system.checkout([{ productId: 'last-kurta', quantity: 1 }]);
    expect(second.status).toBe(200);

    await confirm(first.body.orderId, first.body.amount, 'pay_too_late');
    await settle();
    expect(await order(first.body.orderId)).toMatchObject({
      status: 'CANCELLED',
      status_reason: expect.stringMatching(/no longer available/),
    });
    expect(orderEvents.ofType('RefundRequested')).toHaveLength(1);
    expect(await system.stockOf('last-kurta')).toEqual({ stock: 1, reserved: 1 });
  });

  it('shows the saga on the timeline', async () => {
    const { body } = await system.checkout([{ productId: 'mango-box', quantity: 1 }]);
    await confirm(body.orderId, body.amount, 'pay_timeline');
    await settle();
    const { customerToken } = await import('../support/tokens');
    const res = await fetch(`${system.urls.order}/api/v1/orders/${body.orderId}/timeline`, {
      headers: { authorization: `Bearer ${await customerToken()}` },
    });
    const timeline = (await res.json()) as { entries: Array<{ step: string; at: string }> };
    expect(timeline.entries.map((e: { step: string }) => e.step)).toEqual([
      'CHECKOUT_STARTED',
      'STOCK_HELD',
      'PAYMENT_INTENT_CREATED',
      'PAYMENT_CONFIRMED',
      'ORDER_PLACED',
    ]);
    timeline.entries.forEach((e: { at: string }) => expect(Date.parse(e.at)).not.toBeNaN());
  });
});
