import { vendorToken } from '../../../tests/support/tokens';
import { startTestSystem, type TestSystem } from '../../../tests/support/test-system';
import { ORDER_EVENTS, metricValue, orderPlaced } from './support/orders';
import { VendorClient } from './support/vendor-client';

describe('what a vendor has not acknowledged comes back when it reconnects', () => {
  let system: TestSystem;
  const connect = async (vendorId: string) =>
    VendorClient.connect(system.urls.notifications, await vendorToken(vendorId));

  beforeAll(async () => {
    system = await startTestSystem({ env: { NOTIFICATIONS_WS_REPLAY_PAGE_SIZE: '2' } });
  });
  afterAll(() => system.close());

  it('when a vendor is offline as orders arrive, then it gets them on connect, oldest first, and never again once acknowledged', async () => {
    const events = [orderPlaced('vendor-offline'), orderPlaced('vendor-offline'), orderPlaced('vendor-offline')];
    for (const event of events) await system.hub.publish(ORDER_EVENTS, event);

    const first = await connect('vendor-offline');
    await first.roundTrip();
    expect(first.newOrders.map((f) => f.data?.orderId)).toEqual(events.map((e) => e.payload.orderId));
    for (const frame of first.newOrders) expect(await first.ack(frame.id!)).toEqual({ event: 'acked', id: frame.id });
    await first.close();

    const second = await connect('vendor-offline');
    await second.roundTrip();
    expect(second.newOrders).toEqual([]);
    await second.close();

    const [row] = await system.sql<{ n: string }>(
      "select count(*) as n from notifications.notifications where vendor_id = 'vendor-offline' and acked_at is not null",
    );
    expect(Number(row?.n)).toBe(3);
  });

  it('when a frame is not acknowledged, then it is sent again on reconnect, and an acknowledgement sent twice is harmless', async () => {
    const event = orderPlaced('vendor-flaky');
    const first = await connect('vendor-flaky');
    await system.hub.publish(ORDER_EVENTS, event);
    const lost = await first.waitForOrder(event.payload.orderId);
    await first.close();
    const redeliveredBefore = await metricValue(system.urls.notifications, 'notifications_redelivered_total');

    const second = await connect('vendor-flaky');
    const again = await second.waitForOrder(event.payload.orderId);
    expect(again).toEqual(lost);
    expect(await metricValue(system.urls.notifications, 'notifications_redelivered_total')).toBe(redeliveredBefore + 1);

    const acksBefore = await metricValue(system.urls.notifications, 'notifications_acks_total');
    expect(await second.ack(again.id!)).toEqual({ event: 'acked', id: again.id });
    expect(await second.ack(again.id!)).toEqual({ event: 'acked', id: again.id });
    expect(await metricValue(system.urls.notifications, 'notifications_acks_total')).toBe(acksBefore + 1);
    await second.close();

    const third = await connect('vendor-flaky');
    await third.roundTrip();
    expect(third.newOrders).toEqual([]);
    await third.close();
  });

  it('when an order arrives while a connecting vendor is being replayed its backlog, then every order arrives once, in order', async () => {
    // A backlog read two at a time takes a while to replay, so the live order lands in the middle.
    const backlog = Array.from({ length: 60 }, () => orderPlaced('vendor-busy'));
    for (const event of backlog) await system.hub.publish(ORDER_EVENTS, event);
    const live = orderPlaced('vendor-busy');

    const vendor = await connect('vendor-busy');
    await system.hub.publish(ORDER_EVENTS, live);
    await system.hub.publish(ORDER_EVENTS, live);
    await vendor.roundTrip();

    expect(vendor.newOrders.map((f) => f.data?.orderId)).toEqual([...backlog, live].map((e) => e.payload.orderId));
    await vendor.close();
  });

  it('when an acknowledged order is delivered again, then it is not pushed', async () => {
    const event = orderPlaced('vendor-late-dup');
    const vendor = await connect('vendor-late-dup');
    await system.hub.publish(ORDER_EVENTS, event);
    const frame = await vendor.waitForOrder(event.payload.orderId);
    await vendor.ack(frame.id!);
    await vendor.close();

    const next = await connect('vendor-late-dup');
    await system.hub.publish(ORDER_EVENTS, event);
    await next.roundTrip();
    expect(next.newOrders).toEqual([]);
    await next.close();
  });
});
