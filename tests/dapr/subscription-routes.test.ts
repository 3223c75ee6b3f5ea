// The subscription side of the Dapr adapter: mountDaprSubscriptions on the service's own express app
// (GET /dapr/subscribe and one route per topic), first called directly as daprd would, then fed by
// the sidecar double's broker with its redelivery and dead-letter rules.
import { randomUUID } from 'node:crypto';
import type { AnyEvent } from '@saga/contracts';
import {
  type DeliveredEvent,
  type EventHandler,
  DaprRuntime,
  type Subscription,
  createApp,
  createLogger,
  createServiceMetrics,
  finishApp,
  listen,
  mountDaprSubscriptions,
} from '@saga/runtime';
import { DaprControlPlane, type DaprSidecarDouble } from '../support/dapr-sidecar-double';

const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

const paymentConfirmed = (): AnyEvent => ({
  eventId: randomUUID(),
  eventType: 'PaymentConfirmed',
  eventVersion: 1,
  occurredAt: new Date().toISOString(),
  payload: { orderReference: 'order-1', paymentId: 'pay_1' },
});

/** The service's express app as service-host builds it, with the subscriptions mounted. */
async function startSubscriberApp(subscriptions: Subscription[], appApiToken?: string) {
  const app = createApp({
    name: 'notifications',
    logger,
    metrics: createServiceMetrics('notifications'),
    readiness: {},
  });
  mountDaprSubscriptions(app, { pubsubName: 'pubsub', subscriptions, appApiToken, logger });
  finishApp(app, logger);
  return listen(app, 0, '127.0.0.1');
}

const cloudEventFor = (event: AnyEvent, topic: string) => ({
  specversion: '1.0',
  id: event.eventId,
  source: 'payments',
  type: event.eventType,
  datacontenttype: 'application/json',
  topic,
  pubsubname: 'pubsub',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  data: event,
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/cloudevents+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('mountDaprSubscriptions, called as daprd calls it', () => {
  const seen: DeliveredEvent[] = [];
  let mode: 'ok' | 'throw' | 'drop' = 'ok';
  const handler: EventHandler = async (event) => {
    seen.push(event);
    if (mode === 'throw') throw new Error('database is down');
    if (mode === 'drop') return 'DROP';
  };
  let server: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    server = await startSubscriberApp([
      { topic: 'payment-events', handler },
      { topic: 'order-events', handler, deadLetterTopic: 'order-events.poison' },
    ]);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    seen.length = 0;
    mode = 'ok';
  });

  it('lists each subscription with its topic, route and dead-letter topic on GET /dapr/subscribe', async () => {
    const res = await fetch(`${server.url}/dapr/subscribe`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      {
        pubsubname: 'pubsub',
        topic: 'payment-events',
        route: '/dapr/events/payment-events',
        deadLetterTopic: 'payment-events.deadletter',
      },
      {
        pubsubname: 'pubsub',
        topic: 'order-events',
        route: '/dapr/events/order-events',
        deadLetterTopic: 'order-events.poison',
      },
    ]);
  });

  it('hands the handler the CloudEvent id, topic, data and traceparent and answers SUCCESS', async () => {
    const event = paymentConfirmed();
    const res = await post(`${server.url}/dapr/events/payment-events`, cloudEventFor(event, 'payment-events'));
    expect(res).toEqual({ status: 200, body: { status: 'SUCCESS' } });
    expect(seen).toEqual([
      {
        id: event.eventId,
        topic: 'payment-events',
        data: event,
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
    ]);
  });

  it('answers RETRY, never SUCCESS, when the handler throws', async () => {
    mode = 'throw';
    const res = await post(
      `${server.url}/dapr/events/payment-events`,
      cloudEventFor(paymentConfirmed(), 'payment-events'),
    );
    expect(res).toEqual({ status: 200, body: { status: 'RETRY' } });
    expect(seen).toHaveLength(1);
  });

  it('passes a DROP from the handler through', async () => {
    mode = 'drop';
    const res = await post(`${server.url}/dapr/events/order-events`, cloudEventFor(paymentConfirmed(), 'order-events'));
    expect(res).toEqual({ status: 200, body: { status: 'DROP' } });
    expect(seen).toHaveLength(1);
  });

  it('DROPs malformed data without calling the handler', async () => {
    const notAnEvent = await post(`${server.url}/dapr/events/payment-events`, {
      ...cloudEventFor(paymentConfirmed(), 'payment-events'),
      data: { hello: 'world' },
    });
    expect(notAnEvent).toEqual({ status: 200, body: { status: 'DROP' } });

    const { data: _data, ...withoutData } = cloudEventFor(paymentConfirmed(), 'payment-events');
    const badBase64 = await post(`${server.url}/dapr/events/payment-events`, {
      ...withoutData,
      data_base64: Buffer.from('{not json').toString('base64'),
    });
    expect(badBase64).toEqual({ status: 200, body: { status: 'DROP' } });

    expect(seen).toEqual([]);
  });

  it('reads an event sent as data_base64', async () => {
    const event = paymentConfirmed();
    const { data: _data, ...withoutData } = cloudEventFor(event, 'payment-events');
    const res = await post(`${server.url}/dapr/events/payment-events`, {
      ...withoutData,
      data_base64: Buffer.from(JSON.stringify(event)).toString('base64'),
    });
    expect(res).toEqual({ status: 200, body: { status: 'SUCCESS' } });
    expect(seen.map((e) => e.data)).toEqual([event]);
  });
});

describe('mountDaprSubscriptions with an app token (APP_API_TOKEN)', () => {
  const seen: DeliveredEvent[] = [];
  let server: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    server = await startSubscriberApp(
      [{ topic: 'payment-events', handler: async (e) => void seen.push(e) }],
      'app-token-123',
    );
  });
  afterAll(() => server.close());

  it('refuses GET /dapr/subscribe and deliveries without the token (401) and accepts them with it', async () => {
    expect((await fetch(`${server.url}/dapr/subscribe`)).status).toBe(401);
    expect(
      (await fetch(`${server.url}/dapr/subscribe`, { headers: { 'dapr-api-token': 'wrong-token-12' } })).status,
    ).toBe(401);
    expect(
      (await fetch(`${server.url}/dapr/subscribe`, { headers: { 'dapr-api-token': 'app-token-123' } })).status,
    ).toBe(200);

    const event = paymentConfirmed();
    const refused = await post(`${server.url}/dapr/events/payment-events`, cloudEventFor(event, 'payment-events'));
    expect(refused.status).toBe(401);
    expect(seen).toEqual([]);

    const accepted = await post(`${server.url}/dapr/events/payment-events`, cloudEventFor(event, 'payment-events'), {
      'dapr-api-token': 'app-token-123',
    });
    expect(accepted).toEqual({ status: 200, body: { status: 'SUCCESS' } });
    expect(seen.map((e) => e.id)).toEqual([event.eventId]);
  });
});

describe('mountDaprSubscriptions fed by the sidecar double', () => {
  const APP_TOKEN = 'notifications-app-token';
  let controlPlane: DaprControlPlane;
  let subscriberSidecar: DaprSidecarDouble;
  let publisher: DaprRuntime;
  let server: Awaited<ReturnType<typeof listen>>;
  const calls = new Map<string, number>();
  const deadLetters: DeliveredEvent[] = [];

  /** Fails the first `failures` deliveries of each event, then succeeds. */
  const flaky =
    (failures: number): EventHandler =>
    async (event) => {
      const n = (calls.get(event.id) ?? 0) + 1;
      calls.set(event.id, n);
      if (n <= failures) throw new Error(`failure ${n}`);
    };

  beforeAll(async () => {
    controlPlane = new DaprControlPlane({ delivery: { maxRetries: 3, intervalMs: 5 } });
    const publisherSidecar = await controlPlane.startSidecar({ appId: 'payments' });
    subscriberSidecar = await controlPlane.startSidecar({ appId: 'notifications', appApiToken: APP_TOKEN });
    server = await startSubscriberApp(
      [
        { topic: 'payment-events', handler: flaky(2) },
        { topic: 'order-events', handler: flaky(Number.POSITIVE_INFINITY) },
        { topic: 'order-events.deadletter', handler: async (e) => void deadLetters.push(e) },
      ],
      APP_TOKEN,
    );
    await controlPlane.registerApp('notifications', server.url);
    publisher = new DaprRuntime({
      appId: 'payments',
      daprHost: '127.0.0.1',
      daprHttpPort: publisherSidecar.port,
      pubsubName: 'pubsub',
      stateStoreName: 'statestore',
    });
  });
  afterAll(async () => {
    await publisher.close();
    await controlPlane.close();
    await server.close();
  });

  it('loaded the subscriptions from the app, with the app token', () => {
    expect(subscriberSidecar.subscriptions.map((s) => [s.topic, s.route, s.deadLetterTopic])).toEqual([
      ['payment-events', '/dapr/events/payment-events', 'payment-events.deadletter'],
      ['order-events', '/dapr/events/order-events', 'order-events.deadletter'],
      ['order-events.deadletter', '/dapr/events/order-events.deadletter', 'order-events.deadletter.deadletter'],
    ]);
    const [load] = subscriberSidecar.appRequests.filter((c) => c.kind === 'subscribe');
    expect(load).toMatchObject({
      method: 'GET',
      path: '/dapr/subscribe',
      status: 200,
      headers: { 'dapr-api-token': APP_TOKEN },
    });
  });

  it('redelivers a message whose handler fails twice: delivered 3 times, acknowledged once', async () => {
    const event = paymentConfirmed();
    await publisher.publish('payment-events', event);
    await controlPlane.idle();

    expect(calls.get(event.eventId)).toBe(3);
    const attempts = controlPlane.attemptsFor(event.eventId, 'notifications');
    expect(attempts.map((a) => [a.attempt, a.status, a.result])).toEqual([
      [1, 200, 'RETRY'],
      [2, 200, 'RETRY'],
      [3, 200, 'SUCCESS'],
    ]);
    expect(attempts.map((a) => a.responseBody)).toEqual([
      { status: 'RETRY' },
      { status: 'RETRY' },
      { status: 'SUCCESS' },
    ]);
    for (const a of attempts) {
      expect(a.route).toBe('/dapr/events/payment-events');
      expect(a.headers).toMatchObject({ 'content-type': 'application/cloudevents+json', 'dapr-api-token': APP_TOKEN });
    }
    expect(controlPlane.delivered.filter((d) => d.messageId === event.eventId)).toHaveLength(1);
    expect(controlPlane.deadLettered.filter((d) => d.messageId === event.eventId)).toEqual([]);
  });

  it('moves a message whose handler always fails to its dead-letter topic after the last retry', async () => {
    const event = paymentConfirmed();
    await publisher.publish('order-events', event);
    await controlPlane.idle();

    expect(calls.get(event.eventId)).toBe(1 + 3);
    expect(
      controlPlane
        .attemptsFor(event.eventId, 'notifications')
        .filter((a) => a.topic === 'order-events')
        .map((a) => a.result),
    ).toEqual(['RETRY', 'RETRY', 'RETRY', 'RETRY']);
    expect(controlPlane.deadLettered).toEqual([
      {
        messageId: event.eventId,
        topic: 'order-events',
        deadLetterTopic: 'order-events.deadletter',
        appId: 'notifications',
        reason: 'RETRIES_EXHAUSTED',
        attempts: 4,
      },
    ]);
    const [letter] = controlPlane.messagesOn('order-events.deadletter');
    expect(letter).toMatchObject({
      publishedBy: 'daprd',
      deadLetterOf: { topic: 'order-events', appId: 'notifications', reason: 'RETRIES_EXHAUSTED' },
    });
    expect(letter!.cloudEvent.id).toBe(event.eventId);
    // The dead-letter subscriber got the original event, same id.
    expect(deadLetters.map((e) => [e.id, e.topic, e.data])).toEqual([
      [event.eventId, 'order-events.deadletter', event],
    ]);
  });

  it('cannot load the subscriptions of an app whose token it does not have', async () => {
    const stranger = await controlPlane.startSidecar({ appId: 'stranger' });
    await expect(stranger.setAppUrl(server.url)).rejects.toThrow(/answered 401/);
    expect(stranger.subscriptions).toEqual([]);
  });
});
