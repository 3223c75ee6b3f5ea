// The whole saga next to real daprd: every service in its own process with its own sidecar, on
// the shipped components and resiliency. Invocation goes by app id through the sidecars (sqlite
// name resolution), events through Redis Streams and daprd's deliveries. What the sidecars handed
// the apps is recorded between each sidecar and its app (tests/support/recording-proxy.ts).
import { type RealDaprSystem, startRealDaprSystem } from '../support/real-dapr-system';
import type { AppRequest } from '../support/recording-proxy';
import { vendorToken } from '../support/tokens';
import { until } from '../support/until';
import { openVendorSocket } from '../support/vendor-socket';

describe('the saga on real daprd', () => {
  let system: RealDaprSystem;
  beforeAll(async () => {
    system = await startRealDaprSystem({ recordAppRequests: true });
    await system.addProduct({ productId: 'rd-dosa', vendorId: 'vendor-rd', price: 11000, stock: 10 });
  }, 120_000);
  afterAll(() => system?.close(), 30_000);

  /** One event from a service's outbox, once its relay has published it through its sidecar. */
  async function publishedEvent(schema: 'payments' | 'orders', topic: string, eventType: string, orderId: string) {
    const query = () =>
      system.sql<{ event_id: string; published: boolean }>(
        `select event_id, published_at is not null as published from ${schema}.outbox
          where topic = $1 and event->>'eventType' = $2 and coalesce(event->'payload'->>'orderId', event->'payload'->>'orderReference') = $3`,
        [topic, eventType, orderId],
      );
    const rows = await until(query, (r) => r.length === 1 && r[0]!.published, 10_000, 100);
    expect(rows).toEqual([{ event_id: expect.any(String), published: true }]);
    return rows[0]!.event_id;
  }

  /** The deliveries of one CloudEvent the sidecars made to their apps. */
  const deliveriesOf = (topic: string, eventId: string) =>
    system.appRequests.filter((r) => r.path === `/dapr/events/${topic}` && r.body?.id === eventId);
  const outcome = (r: AppRequest) => ({ app: r.app, status: r.status, answer: r.responseBody });

  it('goes from checkout to the vendor frame, with every event published and delivered through the sidecars', async () => {
    const vendor = await openVendorSocket(system.urls.notifications, await vendorToken('vendor-rd'));
    const { status, body } = await system.checkout([{ productId: 'rd-dosa', quantity: 3 }]);
    expect(status).toBe(200);
    await system.sim.pay(body.paymentIntent.paymentProviderOrderId, { outcome: 'captured' });
    const frame = await vendor
      .next((f) => f.event === 'new_order' && f.data?.orderId === body.orderId, 15_000)
      .catch((err) => {
        throw new Error(`${(err as Error).message}\n${system.logs()}`);
      });
    expect(frame.data).toMatchObject({ orderId: body.orderId, vendorId: 'vendor-rd', amount: 33000 });
    await vendor.close();
    const [order] = await system.sql<{ status: string }>('select status from orders.orders where order_id = $1', [
      body.orderId,
    ]);
    expect(order!.status).toBe('PENDING_VENDOR_ACCEPTANCE');
    expect(
      await until(
        () => system.stockOf('rd-dosa'),
        (s) => s.stock === 7,
        10_000,
        100,
      ),
    ).toEqual({ stock: 7, reserved: 0 });
    // order sold the held stock by invoking catalog through the sidecars before it placed the order.
    const commits = system.appRequests.filter(
      (r) =>
        r.app === 'catalog' && r.path === '/api/v1/internal/holds/commit' && r.body?.orderReference === body.orderId,
    );
    expect(commits.map((r) => ({ caller: r.headers['dapr-caller-app-id'], status: r.status }))).toEqual([
      { caller: 'order', status: 200 },
    ]);

    // payments published PaymentConfirmed, and order's sidecar handed it to order, once, acknowledged.
    const confirmedId = await publishedEvent('payments', 'payment-events', 'PaymentConfirmed', body.orderId);
    const confirmed = await until(
      async () => deliveriesOf('payment-events', confirmedId),
      (d) => d.length > 0 && d.every((r) => r.status),
      10_000,
      100,
    );
    expect(confirmed.map(outcome)).toEqual([{ app: 'order', status: 200, answer: { status: 'SUCCESS' } }]);
    // The CloudEvent as the publisher made it (id = eventId, source = its app id), with the fields
    // the publishing sidecar adds (pubsubname): it went through a sidecar, not around one.
    expect(confirmed[0]!.body).toMatchObject({
      id: confirmedId,
      source: 'payments',
      type: 'PaymentConfirmed',
      topic: 'payment-events',
      pubsubname: 'pubsub',
    });
    expect(confirmed[0]!.body.data).toMatchObject({ eventId: confirmedId, payload: { orderReference: body.orderId } });

    // order published OrderPlaced, and each subscriber's sidecar handed it to its app once: catalog,
    // notifications, and payments, which settles the payment with it.
    const placedId = await publishedEvent('orders', 'order-events', 'OrderPlaced', body.orderId);
    const placed = await until(
      async () => deliveriesOf('order-events', placedId),
      (d) => d.length >= 3 && d.every((r) => r.status),
      10_000,
      100,
    );
    expect(placed.map(outcome).sort((a, b) => a.app.localeCompare(b.app))).toEqual(
      ['catalog', 'notifications', 'payments'].map((app) => ({ app, status: 200, answer: { status: 'SUCCESS' } })),
    );
    for (const delivery of placed) {
      expect(delivery.body).toMatchObject({
        id: placedId,
        source: 'order',
        type: 'OrderPlaced',
        topic: 'order-events',
        pubsubname: 'pubsub',
      });
      expect(delivery.body.data).toMatchObject({ eventId: placedId, payload: { orderId: body.orderId } });
    }
    const [payment] = await system.sql<{ settled_as: string }>(
      'select settled_as from payments.payments where order_reference = $1',
      [body.orderId],
    );
    expect(payment).toEqual({ settled_as: 'ORDER_PLACED' });
  }, 60_000);
});
