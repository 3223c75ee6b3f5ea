// The sidecar double's own contract, spoken raw over HTTP (no SDK): the daprd behaviours the other
// Dapr tests rely on. If the double drifts from daprd, these say where.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DaprControlPlane, type DaprSidecarDouble } from '../support/dapr-sidecar-double';

type Answer = { status: number; body?: string };

/** An app that records deliveries per route and answers from a per-route script. */
async function startApp(subscriptions: unknown[], answers: Record<string, () => Answer>) {
  const received: Array<{ path: string; headers: http.IncomingHttpHeaders; body: any }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (req.url === '/dapr/subscribe') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify(subscriptions));
      }
      received.push({ path: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : undefined });
      const answer = answers[req.url ?? '']?.() ?? { status: 200, body: '{"status":"SUCCESS"}' };
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((r) => server.close(r)),
  };
}

const publish = (
  sidecar: DaprSidecarDouble,
  topic: string,
  body: unknown,
  contentType = 'application/json',
  pubsub = 'pubsub',
) =>
  fetch(`${sidecar.url}/v1.0/publish/${pubsub}/${topic}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: JSON.stringify(body),
  });

describe('DaprSidecarDouble: pub/sub delivery as daprd does it', () => {
  let controlPlane: DaprControlPlane;
  let publisher: DaprSidecarDouble;
  let app: Awaited<ReturnType<typeof startApp>>;
  let other: Awaited<ReturnType<typeof startApp>>;
  let flakyCalls = 0;

  beforeAll(async () => {
    controlPlane = new DaprControlPlane({ delivery: { maxRetries: 2, intervalMs: 2 } });
    publisher = await controlPlane.startSidecar({ appId: 'publisher' });
    app = await startApp(
      [
        { pubsubname: 'pubsub', topic: 'ok', route: '/ok' },
        { pubsubname: 'pubsub', topic: 'empty', route: 'empty' },
        { pubsubname: 'pubsub', topic: 'gone', route: '/gone', deadLetterTopic: 'dlq' },
        { pubsubname: 'pubsub', topic: 'dropped', route: '/dropped', deadLetterTopic: 'dlq' },
        { pubsubname: 'pubsub', topic: 'broken', route: '/broken' },
        { pubsubname: 'pubsub', topic: 'weird', routes: { default: '/weird' } },
        { pubsubname: 'pubsub', topic: 'flaky', route: '/flaky' },
      ],
      {
        '/empty': () => ({ status: 204 }),
        '/gone': () => ({ status: 404, body: '{}' }),
        '/dropped': () => ({ status: 200, body: '{"status":"DROP"}' }),
        '/broken': () => ({ status: 500, body: '{"error":"boom"}' }),
        '/weird': () => ({ status: 200, body: '{"status":"MAYBE"}' }),
        '/flaky': () => (++flakyCalls === 1 ? { status: 503 } : { status: 200, body: 'not json' }),
      },
    );
    other = await startApp([{ pubsubname: 'pubsub', topic: 'ok', route: '/ok' }], {});
    // Two replicas of `subscriber` (one consumer group) and one `other` app.
    await controlPlane.startSidecar({ appId: 'subscriber', appUrl: app.url, appApiToken: 'sub-token' });
    await controlPlane.startSidecar({ appId: 'subscriber', appUrl: app.url, appApiToken: 'sub-token' });
    await controlPlane.startSidecar({ appId: 'other', appUrl: other.url });
  });
  afterAll(async () => {
    await controlPlane.close();
    await app.close();
    await other.close();
  });

  it('wraps a plain JSON payload in a new CloudEvent and gives one copy to each subscribing app id', async () => {
    const res = await publish(publisher, 'ok', { hello: 'world' });
    expect(res.status).toBe(204);
    await controlPlane.idle();

    const [message] = controlPlane.messagesOn('ok');
    expect(message!.cloudEvent).toMatchObject({
      specversion: '1.0',
      type: 'com.dapr.event.sent',
      source: 'publisher',
      datacontenttype: 'application/json',
      data: { hello: 'world' },
      topic: 'ok',
      pubsubname: 'pubsub',
      traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/),
    });
    expect(message!.cloudEvent.id).toEqual(expect.any(String));
    // Two replicas compete: the subscriber app id gets one copy, `other` gets its own.
    expect(app.received.filter((r) => r.path === '/ok')).toHaveLength(1);
    expect(other.received).toHaveLength(1);
    const [delivery] = app.received;
    expect(delivery!.headers['content-type']).toBe('application/cloudevents+json');
    expect(delivery!.headers['dapr-api-token']).toBe('sub-token');
    expect(other.received[0]!.headers['dapr-api-token']).toBeUndefined();
    expect(delivery!.body.id).toBe(message!.cloudEvent.id);
  });

  it('keeps the id, type, source and data of a published CloudEvent', async () => {
    await publish(
      publisher,
      'empty',
      {
        specversion: '1.0',
        id: 'evt-1',
        type: 'MyType',
        source: 'me',
        datacontenttype: 'application/json',
        data: { n: 1 },
      },
      'application/cloudevents+json',
    );
    await controlPlane.idle();
    expect(controlPlane.messagesOn('empty')[0]!.cloudEvent).toMatchObject({
      id: 'evt-1',
      type: 'MyType',
      source: 'me',
      data: { n: 1 },
      topic: 'empty',
    });
    // A 2xx with an empty body is a success.
    expect(controlPlane.attemptsFor('evt-1').map((a) => [a.route, a.status, a.result])).toEqual([
      ['/empty', 204, 'SUCCESS'],
    ]);
  });

  it('drops on 404 without dead-lettering, and dead-letters a DROP', async () => {
    await publish(
      publisher,
      'gone',
      { specversion: '1.0', id: 'evt-404', type: 't', source: 's', data: {} },
      'application/cloudevents+json',
    );
    await publish(
      publisher,
      'dropped',
      { specversion: '1.0', id: 'evt-drop', type: 't', source: 's', data: {} },
      'application/cloudevents+json',
    );
    await controlPlane.idle();

    expect(controlPlane.attemptsFor('evt-404').map((a) => a.result)).toEqual(['NOT_FOUND']);
    expect(controlPlane.attemptsFor('evt-drop').map((a) => a.result)).toEqual(['DROP']);
    expect(controlPlane.dropped.filter((d) => d.messageId.startsWith('evt-'))).toEqual(
      expect.arrayContaining([
        { messageId: 'evt-404', topic: 'gone', appId: 'subscriber', reason: 'NOT_FOUND', attempts: 1 },
        {
          messageId: 'evt-drop',
          topic: 'dropped',
          appId: 'subscriber',
          reason: 'DROP',
          attempts: 1,
          deadLetterTopic: 'dlq',
        },
      ]),
    );
    expect(controlPlane.dropped).toHaveLength(2);
    expect(controlPlane.messagesOn('dlq').map((m) => [m.cloudEvent.id, m.deadLetterOf])).toEqual([
      ['evt-drop', { topic: 'dropped', appId: 'subscriber', reason: 'DROP' }],
    ]);
  });

  it('retries a 500 and an unknown status, then drops when there is no dead-letter topic', async () => {
    await publish(
      publisher,
      'broken',
      { specversion: '1.0', id: 'evt-500', type: 't', source: 's', data: {} },
      'application/cloudevents+json',
    );
    await publish(
      publisher,
      'weird',
      { specversion: '1.0', id: 'evt-weird', type: 't', source: 's', data: {} },
      'application/cloudevents+json',
    );
    await controlPlane.idle();

    expect(controlPlane.attemptsFor('evt-500').map((a) => [a.status, a.result])).toEqual([
      [500, 'RETRY'],
      [500, 'RETRY'],
      [500, 'RETRY'],
    ]);
    expect(controlPlane.attemptsFor('evt-weird').map((a) => a.result)).toEqual(['RETRY', 'RETRY', 'RETRY']);
    expect(
      controlPlane.dropped
        .filter((d) => d.reason === 'RETRIES_EXHAUSTED')
        .map((d) => d.messageId)
        .sort(),
    ).toEqual(['evt-500', 'evt-weird']);
    expect(controlPlane.deadLettered.map((d) => d.messageId)).toEqual(['evt-drop']);
  });

  it('treats a 2xx with a non-JSON body as a success (after a 503 retried)', async () => {
    await publish(
      publisher,
      'flaky',
      { specversion: '1.0', id: 'evt-flaky', type: 't', source: 's', data: {} },
      'application/cloudevents+json',
    );
    await controlPlane.idle();
    expect(controlPlane.attemptsFor('evt-flaky').map((a) => [a.status, a.result])).toEqual([
      [503, 'RETRY'],
      [200, 'SUCCESS'],
    ]);
  });

  it('answers 404 ERR_PUBSUB_NOT_FOUND for an unknown pubsub component', async () => {
    const res = await publish(publisher, 'ok', { a: 1 }, 'application/json', 'kafka');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ errorCode: 'ERR_PUBSUB_NOT_FOUND', message: 'pubsub kafka not found' });
  });

  it('reports its subscriptions and components on GET /v1.0/metadata', async () => {
    const sidecar = controlPlane.sidecarsOf('other')[0]!;
    const metadata = await (await fetch(`${sidecar.url}/v1.0/metadata`)).json();
    expect(metadata).toMatchObject({
      id: 'other',
      components: expect.arrayContaining([
        expect.objectContaining({ name: 'pubsub' }),
        expect.objectContaining({ name: 'statestore' }),
      ]),
      subscriptions: [{ pubsubname: 'pubsub', topic: 'ok', rules: [{ match: '', path: '/ok' }] }],
    });
  });
});

describe('DaprSidecarDouble: state', () => {
  let controlPlane: DaprControlPlane;
  let a: DaprSidecarDouble;
  let b: DaprSidecarDouble;
  const save = (s: DaprSidecarDouble, items: unknown, store = 'statestore') =>
    fetch(`${s.url}/v1.0/state/${store}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(items),
    });

  beforeAll(async () => {
    controlPlane = new DaprControlPlane();
    a = await controlPlane.startSidecar({ appId: 'a' });
    b = await controlPlane.startSidecar({ appId: 'b' });
  });
  afterAll(() => controlPlane.close());

  it('serves GET with an ETag header, 204 when missing, and keeps each app id in its own key space', async () => {
    expect((await save(a, [{ key: 'k', value: { v: 1 } }])).status).toBe(204);
    const got = await fetch(`${a.url}/v1.0/state/statestore/k`);
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toEqual(expect.any(String));
    expect(await got.json()).toEqual({ v: 1 });
    expect((await fetch(`${b.url}/v1.0/state/statestore/k`)).status).toBe(204);
  });

  it('refuses a stale etag with 409 ERR_STATE_SAVE and writes nothing of the batch', async () => {
    const etag = (await fetch(`${a.url}/v1.0/state/statestore/k`)).headers.get('etag')!;
    const res = await save(a, [
      { key: 'other', value: 1 },
      { key: 'k', value: { v: 2 }, etag: `${etag}0`, options: { concurrency: 'first-write' } },
    ]);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ errorCode: 'ERR_STATE_SAVE' });
    expect(controlPlane.stateStore().get('a', 'other')).toBeUndefined();
    expect(controlPlane.stateStore().value('a', 'k')).toEqual({ v: 1 });
  });

  it('answers 400 ERR_STATE_STORE_NOT_FOUND for an unknown store', async () => {
    const res = await save(a, [{ key: 'k', value: 1 }], 'nope');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errorCode: 'ERR_STATE_STORE_NOT_FOUND' });
  });
});
