// The production pub/sub component, pubsub.aws.snssqs as components/aws configures it, on real
// daprd against a local SNS/SQS (moto's server, through the component's `endpoint`). The
// component creates its topics, queues, subscriptions and dead-letter queues itself, as on AWS.
// notifications reads order-events through pubsub-broadcast (a queue per pod), as deployed.
import { faultyOrderPlaced, installConsumerFaults, publishThrough } from '../support/consumer-faults';
import { type RealDaprSystem, startRealDaprSystem } from '../support/real-dapr-system';
import { shortRetryWaits } from '../support/real-daprd';
import { type SnsSqsEmulator, startSnsSqs } from '../support/sns-sqs-emulator';
import { vendorToken } from '../support/tokens';
import { until } from '../support/until';
import { openVendorSocket } from '../support/vendor-socket';

describe('the saga on SNS/SQS (components/aws) with real daprd', () => {
  let sns: SnsSqsEmulator;
  let system: RealDaprSystem;
  beforeAll(async () => {
    sns = await startSnsSqs();
    system = await startRealDaprSystem({
      resources: {
        from: 'aws',
        resiliency: shortRetryWaits,
        pubsubMetadata: { endpoint: sns.url, accessKey: 'test', secretKey: 'test' },
      },
      serviceEnv: { notifications: { PUBSUB_NAME: 'pubsub-broadcast' } },
      sidecarEnv: { notifications: { POD_NAME: 'notifications-0' } },
    });
    await installConsumerFaults(system.sql);
    await system.addProduct({ productId: 'aws-thali', vendorId: 'vendor-aws', price: 25000, stock: 50 });
  }, 120_000);
  afterAll(async () => {
    await system?.close();
    await sns?.stop();
  }, 30_000);

  const notificationsOf = (ids: string[]) =>
    system
      .sql<{ source_event_id: string }>(
        "select source_event_id from notifications.notifications where source_event_id = any($1) and audience = 'vendor'",
        [ids],
      )
      .then((rows) => rows.map((r) => r.source_event_id).sort());
  const deadLettersOf = (ids: string[]) =>
    system
      .sql<{ event_id: string }>('select event_id from notifications.dead_letters where event_id = any($1)', [ids])
      .then((rows) => rows.map((r) => r.event_id).sort());

  it('created the topics and queues the way the component does, with a dead-letter queue', async () => {
    const topics = await sns.call('sns', { Action: 'ListTopics' });
    expect(topics).toMatch(/:order-events</);
    expect(topics).toMatch(/:payment-events</);
    const queues = await sns.call('sqs', { Action: 'ListQueues' });
    for (const q of ['order', 'catalog', 'payments', 'notifications-0', 'checkout-saga-deadletters'])
      expect(queues).toContain(`/${q}<`);
  });

  it('carries a saga from checkout to the vendor frame', async () => {
    const vendor = await openVendorSocket(system.urls.notifications, await vendorToken('vendor-aws'));
    const { status, body } = await system.checkout([{ productId: 'aws-thali', quantity: 2 }]);
    expect(status).toBe(200);
    await system.sim.pay(body.paymentIntent.paymentProviderOrderId, { outcome: 'captured' });
    const frame = await vendor
      .next((f) => f.event === 'new_order' && f.data?.orderId === body.orderId, 20_000)
      .catch((err) => {
        throw new Error(`${(err as Error).message}\n${system.logs()}`);
      });
    expect(frame.data).toMatchObject({ orderId: body.orderId, amount: 50000 });
    await vendor.close();
    const stock = await until(
      () => system.stockOf('aws-thali'),
      (s) => s.stock === 48,
      15_000,
    );
    expect(stock).toEqual({ stock: 48, reserved: 0 });
  }, 60_000);

  // 500 ms of failures: within the (shortened) retries of one delivery.
  it('redelivers to a consumer failing for a while, and it processes the event once', async () => {
    const event = await faultyOrderPlaced(system.sql, 500);
    await publishThrough(system.sidecars.order.url, 'order-events', event);
    expect(
      await until(
        () => notificationsOf([event.eventId]),
        (ids) => ids.length === 1,
        30_000,
      ),
    ).toEqual([event.eventId]);
    expect(await deadLettersOf([event.eventId])).toEqual([]);
    // It did fail first: the handler's failure was answered RETRY (logged by the app).
    expect(system.apps.notifications.output()).toMatch(
      new RegExp(`"eventId":"${event.eventId}".*asking for redelivery`),
    );
  }, 60_000);

  it('stores a poisoned event in dead_letters through the dead-letter topic', async () => {
    const event = await faultyOrderPlaced(system.sql, Infinity);
    await publishThrough(system.sidecars.order.url, 'order-events', event);
    expect(
      await until(
        () => deadLettersOf([event.eventId]),
        (ids) => ids.length === 1,
        45_000,
      ),
    ).toEqual([event.eventId]);
  }, 60_000);

  it('loses nothing: every one of a burst of events is processed', async () => {
    const events = [];
    for (let i = 0; i < 30; i++) events.push(await faultyOrderPlaced(system.sql, i % 3 === 0 ? 400 : 0));
    await Promise.all(events.map((e) => publishThrough(system.sidecars.order.url, 'order-events', e)));
    const ids = events.map((e) => e.eventId).sort();
    expect(
      await until(
        () => notificationsOf(ids),
        (got) => got.length === ids.length,
        45_000,
      ),
    ).toEqual(ids);
  }, 60_000);
});
