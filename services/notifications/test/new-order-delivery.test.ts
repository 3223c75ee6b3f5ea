import { SignJWT } from 'jose';
import { TEST_JWT_SECRET, customerToken, signDevToken, vendorToken } from '../../../tests/support/tokens';
import { startTestSystem, type TestSystem } from '../../../tests/support/test-system';
import { ORDER_EVENTS, metricValue, orderPlaced } from './support/orders';
import { VendorClient, upgradeStatus, wsUrl } from './support/vendor-client';

/** A correctly signed token with exactly these claims (jose's setSubject would refuse a number). */
const signedClaims = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(TEST_JWT_SECRET));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('new_order frames on the vendor WebSocket', () => {
  let system: TestSystem;
  const clients: VendorClient[] = [];
  const connect = async (vendorId: string, options?: { inQuery?: boolean }) => {
    const client = await VendorClient.connect(system.urls.notifications, await vendorToken(vendorId), options);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterEach(() => Promise.all(clients.splice(0).map((c) => c.close())));
  afterAll(() => system.close());

  it('when an order is placed, then its vendor receives one new_order frame with the documented shape', async () => {
    const vendor = await connect('vendor-shape');
    // Caught up first (the pong comes after the replay on connect), so the frame is a live one.
    await vendor.roundTrip();
    const event = orderPlaced('vendor-shape');
    const { payload } = event;

    await system.hub.publish(ORDER_EVENTS, event);
    const frame = await vendor.waitForOrder(payload.orderId);
    await vendor.roundTrip();

    expect(frame).toEqual({
      event: 'new_order',
      id: expect.stringMatching(UUID),
      data: {
        orderId: payload.orderId,
        vendorId: 'vendor-shape',
        items: payload.items,
        amount: payload.amount,
        currency: 'INR',
        customerId: payload.customerId,
        placedAt: payload.placedAt,
      },
    });
    expect(vendor.newOrders).toHaveLength(1);
    const rows = await system.sql(
      'select vendor_id, event, source_event_id, acked_at from notifications.notifications where notification_id = $1',
      [frame.id],
    );
    expect(rows).toEqual([
      { vendor_id: 'vendor-shape', event: 'new_order', source_event_id: event.eventId, acked_at: null },
    ]);
    expect(
      await metricValue(system.urls.notifications, 'notifications_frames_sent_total', { event: 'new_order' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      await metricValue(system.urls.notifications, 'notifications_order_placed_to_frame_seconds_count'),
    ).toBeGreaterThanOrEqual(1);
  });

  it('when the same OrderPlaced is delivered five times, then the vendor gets one frame and one notification is recorded', async () => {
    const vendor = await connect('vendor-dup');
    const event = orderPlaced('vendor-dup');

    for (let i = 0; i < 5; i++) await system.hub.publish(ORDER_EVENTS, event);
    await Promise.all(Array.from({ length: 5 }, () => system.hub.publish(ORDER_EVENTS, event)));
    await vendor.roundTrip();

    expect(vendor.newOrders.map((f) => f.data?.orderId)).toEqual([event.payload.orderId]);
    const [row] = await system.sql<{ n: string }>(
      "select count(*) as n from notifications.notifications where source_event_id = $1 and audience = 'vendor'",
      [event.eventId],
    );
    expect(Number(row?.n)).toBe(1);
  });

  it('when a vendor has two sockets open, then both receive the order', async () => {
    const [first, second] = [await connect('vendor-two'), await connect('vendor-two', { inQuery: true })];
    const event = orderPlaced('vendor-two');

    await system.hub.publish(ORDER_EVENTS, event);

    const [a, b] = await Promise.all([
      first.waitForOrder(event.payload.orderId),
      second.waitForOrder(event.payload.orderId),
    ]);
    expect(a.id).toBe(b.id);
    await Promise.all([first.roundTrip(), second.roundTrip()]);
    expect([first.newOrders.length, second.newOrders.length]).toEqual([1, 1]);
  });

  it("when an order is placed for one vendor, then another vendor's socket receives nothing", async () => {
    const mine = await connect('vendor-mine');
    const other = await connect('vendor-other');
    const event = orderPlaced('vendor-mine');

    await system.hub.publish(ORDER_EVENTS, event);
    await mine.waitForOrder(event.payload.orderId);
    await other.roundTrip();

    expect(other.newOrders).toEqual([]);
  });

  it("when a vendor acknowledges another vendor's notification, then it stays unacknowledged", async () => {
    const owner = await connect('vendor-owner');
    const intruder = await connect('vendor-intruder');
    const event = orderPlaced('vendor-owner');
    await system.hub.publish(ORDER_EVENTS, event);
    const frame = await owner.waitForOrder(event.payload.orderId);

    const answer = await intruder.ack(frame.id!);

    expect(answer).toMatchObject({ event: 'error', code: 'UNKNOWN_NOTIFICATION', id: frame.id });
    const [row] = await system.sql('select acked_at from notifications.notifications where notification_id = $1', [
      frame.id,
    ]);
    expect(row).toEqual({ acked_at: null });
  });

  it('when a client sends malformed frames, then it gets error frames and the socket stays open', async () => {
    const vendor = await connect('vendor-malformed');
    const from = vendor.frames.length;

    vendor.send('not json');
    vendor.send({ event: 'ack' });
    vendor.send({ event: 'ack', id: 'not-a-uuid' });
    vendor.send({ event: 'subscribe', id: 'x' });
    vendor.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await vendor.roundTrip();

    expect(vendor.frames.slice(from).map((f) => [f.event, f.code])).toEqual([
      ['error', 'BAD_FRAME'],
      ['error', 'BAD_FRAME'],
      ['error', 'BAD_FRAME'],
      ['error', 'BAD_FRAME'],
      ['error', 'BAD_FRAME'],
      ['pong', undefined],
    ]);
    const event = orderPlaced('vendor-malformed');
    await system.hub.publish(ORDER_EVENTS, event);
    await vendor.waitForOrder(event.payload.orderId);
  });

  it('when a socket has no token, a bad token, an expired one or an admin token, then the upgrade is refused with 401', async () => {
    const url = wsUrl(system.urls.notifications);

    const refusals = [
      await upgradeStatus(url),
      await upgradeStatus(url, { authorization: 'Bearer not.a.token' }),
      await upgradeStatus(url, {
        authorization: `Bearer ${await customerToken('customer-7', { expiresIn: Math.floor(Date.now() / 1000) - 60 })}`,
      }),
      await upgradeStatus(
        wsUrl(
          system.urls.notifications,
          `?access_token=${await signDevToken(TEST_JWT_SECRET, { sub: 'ops-1', role: 'admin' })}`,
        ),
      ),
      await upgradeStatus(url, {
        authorization: `Bearer ${await signedClaims({ sub: '', role: 'vendor', vendorId: 'vendor-ws' })}`,
      }),
      await upgradeStatus(url, {
        authorization: `Bearer ${await signedClaims({ sub: 42, role: 'vendor', vendorId: 'vendor-ws' })}`,
      }),
      await upgradeStatus(url, {
        authorization: `Bearer ${await signedClaims({ sub: 'vendor-user', role: 'vendor', vendorId: '' })}`,
      }),
      await upgradeStatus(url, { authorization: `Bearer ${await signedClaims({ sub: '', role: 'customer' })}` }),
    ];

    expect(refusals.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401, 401, 401]);
    expect(JSON.parse(refusals[2]!.body)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });
});
