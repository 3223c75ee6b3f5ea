// SEQ-BP-002 end to end in the embedded runtime: checkout, the customer pays on Razorpay (the
// simulator sends its signed webhooks), the order becomes PENDING_VENDOR_ACCEPTANCE once and the
// vendor's open socket receives new_order once, whatever is duplicated or reordered.
import { settle as settleSystem } from '../support/settle';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { customerToken, vendorToken } from '../support/tokens';
import { openVendorSocket } from '../support/vendor-socket';

describe('the prepaid checkout saga, end to end (embedded runtime)', () => {
  let system: TestSystem;
  const settle = () => settleSystem(system);
  const orderStatus = async (orderId: string) =>
    (await system.sql<{ status: string }>('select status from orders.orders where order_id = $1', [orderId]))[0]
      ?.status;

  beforeAll(async () => {
    system = await startTestSystem();
    await system.addProduct({ productId: 'veg-thali', vendorId: 'vendor-spice', price: 22000, stock: 40 });
    await system.addProduct({ productId: 'kulfi', vendorId: 'vendor-spice', price: 5000, stock: 40 });
    await system.addProduct({ productId: 'rug', vendorId: 'vendor-other', price: 300000, stock: 5 });
  });
  afterAll(() => system.close());

  it('places the order and tells its vendor, and nobody else', async () => {
    const vendor = await openVendorSocket(system.urls.notifications, await vendorToken('vendor-spice'));
    const other = await openVendorSocket(system.urls.notifications, await vendorToken('vendor-other'));
    const { body } = await system.checkout([
      { productId: 'veg-thali', quantity: 2 },
      { productId: 'kulfi', quantity: 2 },
    ]);

    const payment = await system.sim!.pay(body.paymentIntent.paymentProviderOrderId, { outcome: 'captured' });
    expect(payment.webhooks.map((w) => [w.event, w.status])).toEqual([
      ['payment.authorized', 200],
      ['payment.captured', 200],
      ['order.paid', 200],
    ]);

    const frame = await vendor.next((f) => f.event === 'new_order' && f.data?.orderId === body.orderId);
    expect(frame).toMatchObject({
      event: 'new_order',
      id: expect.any(String),
      data: {
        orderId: body.orderId,
        vendorId: 'vendor-spice',
        amount: 54000,
        currency: 'INR',
        items: expect.any(Array),
      },
    });
    vendor.ack(frame.id!);
    await settle();
    expect(await orderStatus(body.orderId)).toBe('PENDING_VENDOR_ACCEPTANCE');
    expect(vendor.newOrders()).toHaveLength(1);
    expect(other.newOrders()).toHaveLength(0);
    expect(await system.stockOf('veg-thali')).toEqual({ stock: 38, reserved: 0 });

    const read = await fetch(`${system.urls.order}/api/v1/orders/${body.orderId}`, {
      headers: { authorization: `Bearer ${await customerToken()}` },
    });
    expect(await read.json()).toMatchObject({ status: 'PENDING_VENDOR_ACCEPTANCE', paymentId: payment.id });
    await vendor.close();
    await other.close();
  });

  it('transitions once, announces once and notifies once when webhooks are duplicated and reordered', async () => {
    const vendor = await openVendorSocket(system.urls.notifications, await vendorToken('vendor-spice'));
    const { body } = await system.checkout([{ productId: 'kulfi', quantity: 1 }]);
    const payment = await system.sim!.pay(body.paymentIntent.paymentProviderOrderId, { outcome: 'captured' });
    const sent = system.sim!.webhookEvents().filter((e) => e.paymentId === payment.id);
    const byType = (t: string) => sent.find((e) => e.event === t)!.id;
    // The same captured webhook five more times, order.paid twice, authorized after captured.
    for (let i = 0; i < 5; i++) await system.sim!.redeliver(byType('payment.captured'));
    await system.sim!.redeliver(byType('order.paid'));
    await system.sim!.redeliver(byType('payment.authorized'));
    await system.sim!.redeliver(byType('order.paid'));
    await vendor.next((f) => f.event === 'new_order' && f.data?.orderId === body.orderId);
    await settle();

    expect(vendor.newOrders().filter((f) => f.data?.orderId === body.orderId)).toHaveLength(1);
    expect(await orderStatus(body.orderId)).toBe('PENDING_VENDOR_ACCEPTANCE');
    const steps = await system.sql<{ step: string }>(
      'select step from orders.order_timeline where order_id = $1 order by id',
      [body.orderId],
    );
    expect(steps.filter((s) => s.step === 'ORDER_PLACED')).toHaveLength(1);
    const [{ n }] = (await system.sql<{ n: string }>(
      'select count(*) as n from orders.outbox where topic = $1 and event::jsonb @> $2::jsonb',
      ['order-events', JSON.stringify({ eventType: 'OrderPlaced', payload: { orderId: body.orderId } })],
    )) as [{ n: string }];
    expect(Number(n)).toBe(1);
    await vendor.close();
  });

  it('delivers to a vendor who was offline when the order came, on connect', async () => {
    const { body } = await system.checkout([{ productId: 'rug', quantity: 1 }]);
    await system.sim!.pay(body.paymentIntent.paymentProviderOrderId, { outcome: 'captured' });
    await settle();
    const vendor = await openVendorSocket(system.urls.notifications, await vendorToken('vendor-other'));
    const frame = await vendor.next((f) => f.event === 'new_order' && f.data?.orderId === body.orderId);
    vendor.ack(frame.id!);
    await vendor.next((f) => f.event === 'acked' && f.id === frame.id);
    await vendor.close();
    const again = await openVendorSocket(system.urls.notifications, await vendorToken('vendor-other'));
    await again.next((f) => f.event === 'new_order' && f.data?.orderId === body.orderId, 500).catch(() => undefined);
    expect(again.newOrders().filter((f) => f.data?.orderId === body.orderId)).toHaveLength(0);
    await again.close();
  });

  it('keeps the order in CHECKOUT after a failed attempt, so the customer can pay again', async () => {
    const { body } = await system.checkout([{ productId: 'kulfi', quantity: 1 }]);
    await system.sim!.pay(body.paymentIntent.paymentProviderOrderId, { outcome: 'failed' });
    await settle();
    expect(await orderStatus(body.orderId)).toBe('CHECKOUT');
    await system.sim!.pay(body.paymentIntent.paymentProviderOrderId, { outcome: 'captured' });
    await settle();
    expect(await orderStatus(body.orderId)).toBe('PENDING_VENDOR_ACCEPTANCE');
  });
});
