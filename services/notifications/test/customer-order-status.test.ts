// A customer token on /ws: order_status frames for that customer's own orders only (placed,
// accepted, rejected, refunded), acknowledged and replayed as a vendor's new_order frames are.
import { randomUUID } from 'node:crypto';
import { orderApi, placedOrder } from '../../../tests/support/order-api';
import { settle } from '../../../tests/support/settle';
import { customerToken, vendorToken } from '../../../tests/support/tokens';
import { startTestSystem, type TestSystem } from '../../../tests/support/test-system';
import { orderAccepted, orderRefunded, orderRejected } from './support/order-status-events';
import { ORDER_EVENTS, metricValue, orderPlaced } from './support/orders';
import { type ServerFrame, VendorClient } from './support/vendor-client';

describe("order_status frames on a customer's WebSocket", () => {
  let system: TestSystem;
  const clients: VendorClient[] = [];
  const asCustomer = async (customerId: string, options?: { inQuery?: boolean }) => {
    const client = await VendorClient.connect(system.urls.notifications, await customerToken(customerId), options);
    clients.push(client);
    return client;
  };
  const statusFrames = (client: VendorClient, orderId?: string) =>
    client.frames.filter((f) => f.event === 'order_status' && (!orderId || f.data?.orderId === orderId));
  const changes = (frames: ServerFrame[]) => frames.map((f) => f.data?.change);

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterEach(() => Promise.all(clients.splice(0).map((c) => c.close())));
  afterAll(() => system.close());

  it('when the saga runs, then the customer hears placed, then accepted, or rejected then refunded, for their own orders only', async () => {
    const customer = await asCustomer('customer-live', { inQuery: true });
    const bystander = await asCustomer('customer-bystander');
    const vendorSocket = await VendorClient.connect(system.urls.notifications, await vendorToken('vendor-live'));
    clients.push(vendorSocket);
    await Promise.all([customer.roundTrip(), bystander.roundTrip(), vendorSocket.roundTrip()]);
    const token = await customerToken('customer-live');
    const vendor = await vendorToken('vendor-live');
    const api = orderApi(system.urls.order);

    const kept = await placedOrder(system, 'vendor-live', token);
    await api.accept(kept.orderId, vendor);
    const refused = await placedOrder(system, 'vendor-live', token);
    await api.reject(refused.orderId, vendor, { reason: 'out of paneer' });
    await settle(system);
    await customer.waitFor(
      (f) => f.event === 'order_status' && f.data?.orderId === refused.orderId && f.data?.change === 'refunded',
    );
    await customer.roundTrip();

    expect(changes(statusFrames(customer, kept.orderId))).toEqual(['placed', 'accepted']);
    expect(changes(statusFrames(customer, refused.orderId))).toEqual(['placed', 'rejected', 'refunded']);
    const [placed, accepted] = statusFrames(customer, kept.orderId);
    expect(placed).toMatchObject({
      event: 'order_status',
      id: expect.any(String),
      data: {
        orderId: kept.orderId,
        status: 'PENDING_VENDOR_ACCEPTANCE',
        vendorId: 'vendor-live',
        amount: kept.amount,
        currency: 'INR',
        at: expect.any(String),
      },
    });
    expect(accepted).toMatchObject({ data: { status: 'ACCEPTED', change: 'accepted' } });
    const [, rejected, refunded] = statusFrames(customer, refused.orderId);
    expect(rejected).toMatchObject({ data: { status: 'REJECTED', reason: 'out of paneer' } });
    expect(refunded).toMatchObject({
      data: {
        status: 'REJECTED',
        change: 'refunded',
        amount: refused.amount,
        refundId: expect.stringMatching(/^rfnd_/),
      },
    });

    await bystander.roundTrip();
    expect(statusFrames(bystander)).toEqual([]);
    expect(customer.newOrders).toEqual([]);
    expect(statusFrames(vendorSocket)).toEqual([]);
    expect(vendorSocket.newOrders.map((f) => f.data?.orderId)).toEqual([kept.orderId, refused.orderId]);
  });

  it('when the customer was offline, then the backlog comes on connect, oldest first, and never again once acknowledged', async () => {
    const orderId = randomUUID();
    const placed = orderPlaced('vendor-1');
    const events = [
      { ...placed, payload: { ...placed.payload, orderId, customerId: 'customer-away' } },
      orderAccepted(orderId, 'customer-away'),
    ];
    for (const event of events) await system.hub.publish(ORDER_EVENTS, event);

    const first = await asCustomer('customer-away');
    await first.roundTrip();
    expect(changes(statusFrames(first))).toEqual(['placed', 'accepted']);
    const redelivered = await metricValue(system.urls.notifications, 'notifications_redelivered_total');
    expect(redelivered).toBeGreaterThanOrEqual(2);
    for (const frame of statusFrames(first))
      expect(await first.ack(frame.id!)).toEqual({ event: 'acked', id: frame.id });
    expect(await first.ack(statusFrames(first)[0]!.id!)).toEqual({ event: 'acked', id: statusFrames(first)[0]!.id }); // twice: harmless
    await first.close();

    const second = await asCustomer('customer-away');
    await second.roundTrip();
    expect(statusFrames(second)).toEqual([]);
  });

  it('when a frame is not acknowledged, then it comes again on reconnect', async () => {
    const customer = await asCustomer('customer-flaky');
    await customer.roundTrip();
    await system.hub.publish(ORDER_EVENTS, orderRejected(randomUUID(), 'customer-flaky', 'closed'));
    const lost = await customer.waitFor((f) => f.event === 'order_status');
    await customer.close();
    const again = await asCustomer('customer-flaky');
    await again.roundTrip();
    expect(statusFrames(again).map((f) => f.id)).toEqual([lost.id]);
  });

  it('when the same event is delivered three times, then the customer gets one frame and one notification is recorded', async () => {
    const customer = await asCustomer('customer-dup');
    await customer.roundTrip();
    const event = orderRefunded(randomUUID(), 'customer-dup');
    for (let i = 0; i < 3; i++) await system.hub.publish(ORDER_EVENTS, event);
    await customer.roundTrip();
    expect(statusFrames(customer)).toHaveLength(1);
    const rows = await system.sql(
      'select count(*)::int as n from notifications.notifications where source_event_id = $1',
      [event.eventId],
    );
    expect(rows).toEqual([{ n: 1 }]);
  });

  it("when a customer acknowledges someone else's notification, then it is unknown to them and stays unacknowledged", async () => {
    const owner = await asCustomer('customer-owner');
    await owner.roundTrip();
    await system.hub.publish(ORDER_EVENTS, orderAccepted(randomUUID(), 'customer-owner'));
    const frame = await owner.waitFor((f) => f.event === 'order_status');
    const thief = await asCustomer('customer-thief');
    expect(await thief.ack(frame.id!)).toMatchObject({ event: 'error', code: 'UNKNOWN_NOTIFICATION', id: frame.id });
    const vendor = await VendorClient.connect(system.urls.notifications, await vendorToken('vendor-1'));
    clients.push(vendor);
    expect(await vendor.ack(frame.id!)).toMatchObject({ event: 'error', code: 'UNKNOWN_NOTIFICATION' });
    const [row] = await system.sql('select acked_at from notifications.notifications where notification_id = $1', [
      frame.id,
    ]);
    expect(row).toEqual({ acked_at: null });
  });
});
