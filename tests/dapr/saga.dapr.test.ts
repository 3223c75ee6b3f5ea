// The whole saga with every service in RUNTIME=dapr behind its own sidecar (test double of
// daprd's HTTP API): invocation through the sidecars, events through /dapr/subscribe and
// CloudEvent deliveries, the vendor told over its socket.
import { startDaprTestSystem, type DaprTestSystem } from '../support/dapr-system';
import { vendorToken } from '../support/tokens';
import { openVendorSocket } from '../support/vendor-socket';

describe('the saga through Dapr sidecars', () => {
  let system: DaprTestSystem;
  beforeAll(async () => {
    system = await startDaprTestSystem();
    await system.addProduct({ productId: 'dapr-dosa', vendorId: 'vendor-dapr', price: 11000, stock: 10 });
  });
  afterAll(() => system?.close());

  it('goes from checkout to the vendor frame, with every event published and delivered by the sidecars', async () => {
    const vendor = await openVendorSocket(system.urls.notifications, await vendorToken('vendor-dapr'));
    const { status, body } = await system.checkout([{ productId: 'dapr-dosa', quantity: 3 }]);
    expect(status).toBe(200);
    await system.sim.pay(body.paymentIntent.paymentProviderOrderId, { outcome: 'captured' });
    const frame = await vendor.next((f) => f.event === 'new_order' && f.data?.orderId === body.orderId, 10_000);
    expect(frame.data).toMatchObject({ orderId: body.orderId, vendorId: 'vendor-dapr', amount: 33000 });
    await system.controlPlane.idle();

    const [order] = await system.sql<{ status: string }>('select status from orders.orders where order_id = $1', [body.orderId]);
    expect(order!.status).toBe('PENDING_VENDOR_ACCEPTANCE');
    expect(await system.stockOf('dapr-dosa')).toEqual({ stock: 7, reserved: 0 });

    // payments published PaymentConfirmed and order published OrderPlaced, each to its own sidecar, as CloudEvents.
    const published = (appId: 'payments' | 'order', topic: string) =>
      system.sidecars[appId].publishes(topic).map((r) => r.body as { id: string; type: string; data: { eventId: string; payload: { orderReference?: string; orderId?: string } } });
    const confirmed = published('payments', 'payment-events').filter((e) => e.type === 'PaymentConfirmed' && e.data.payload.orderReference === body.orderId);
    const placed = published('order', 'order-events').filter((e) => e.type === 'OrderPlaced' && e.data.payload.orderId === body.orderId);
    expect(confirmed).toHaveLength(1);
    expect(placed).toHaveLength(1);
    expect(placed[0]!.id).toBe(placed[0]!.data.eventId);
    // order-events went to each of its subscribers (catalog, notifications, and payments, which settles the payment), once.
    const deliveries = system.controlPlane.delivered.filter((d) => d.messageId === placed[0]!.id && d.result === 'SUCCESS');
    expect(deliveries.map((d) => d.appId).sort()).toEqual(['catalog', 'notifications', 'payments']);
    await vendor.close();
  });

  it('forwards the caller\'s trace context on the invocations checkout makes', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    system.sidecars.order.clearRecords();
    const { status } = await system.checkout([{ productId: 'dapr-dosa', quantity: 1 }], { headers: { traceparent } });
    expect(status).toBe(200);
    const invocations = system.sidecars.order.invocations();
    expect(invocations.length).toBeGreaterThanOrEqual(2);
    invocations.forEach((r) => expect(r.headers.traceparent).toBe(traceparent));
  });
});
