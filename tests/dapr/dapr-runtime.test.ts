// The production Dapr adapter (DaprRuntime: publish and invoke on node:http, state through @dapr/dapr's
// HTTP client) against the sidecar test double: what it sends its sidecar, and how it reads what it answers.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AnyEvent } from '@saga/contracts';
import { DaprRuntime, type DaprRuntimeOptions, InvocationError, StateConflictError } from '@saga/runtime';
import express from 'express';
import { DaprControlPlane, type DaprSidecarDouble, type RecordedRequest } from '../support/dapr-sidecar-double';

const ORDER_TOKEN = 'order-dapr-api-token';
const CATALOG_APP_TOKEN = 'catalog-app-api-token';

const orderPlaced = (): AnyEvent => ({
  eventId: randomUUID(),
  eventType: 'OrderPlaced',
  eventVersion: 1,
  occurredAt: new Date().toISOString(),
  payload: { orderId: 'order-1', vendorId: 'vendor-a', amount: 25000 },
});

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/** The app behind the `catalog` sidecar: answers by path and records what reached it. */
function startCatalogApp(received: Received[]): Promise<http.Server> {
  const app = express();
  app.use(express.json());
  app.use((req, _res, next) => {
    received.push({ method: req.method, url: req.originalUrl, headers: req.headers, body: req.body });
    next();
  });
  app.post('/api/echo', (req, res) => void res.json({ echoed: req.body, query: req.query }));
  app.post(
    '/api/conflict',
    (_req, res) =>
      void res
        .status(409)
        .type('application/problem+json')
        .json({
          status: 409,
          code: 'OUT_OF_STOCK',
          unavailableItems: [{ productId: 'p1', requested: 3, available: 1 }],
        }),
  );
  app.post('/api/accepted', (_req, res) => void res.status(202).json({ accepted: true }));
  app.get(
    '/api/unavailable',
    (_req, res) =>
      void res.status(503).json({ status: 503, code: 'PAYMENT_GATEWAY_UNAVAILABLE', retryAfterSeconds: 2 }),
  );
  const server = http.createServer(app);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const urlOf = (server: http.Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

describe('DaprRuntime against the Dapr sidecar double', () => {
  let clock = Date.now();
  let controlPlane: DaprControlPlane;
  let orderSidecar: DaprSidecarDouble;
  let catalogSidecar: DaprSidecarDouble;
  let catalogServer: http.Server;
  const received: Received[] = [];
  const runtimes: DaprRuntime[] = [];
  let runtime: DaprRuntime;

  const runtimeFor = (sidecar: DaprSidecarDouble, overrides: Partial<DaprRuntimeOptions> = {}) => {
    const r = new DaprRuntime({
      appId: sidecar.appId,
      daprHost: '127.0.0.1',
      daprHttpPort: sidecar.port,
      daprApiToken: sidecar.apiToken,
      pubsubName: 'pubsub',
      stateStoreName: 'statestore',
      ...overrides,
    });
    runtimes.push(r);
    return r;
  };
  const last = (sidecar: DaprSidecarDouble): RecordedRequest => sidecar.requests[sidecar.requests.length - 1]!;

  beforeAll(async () => {
    controlPlane = new DaprControlPlane({ now: () => clock, invokeTimeoutMs: 2000 });
    orderSidecar = await controlPlane.startSidecar({ appId: 'order', apiToken: ORDER_TOKEN });
    catalogServer = await startCatalogApp(received);
    catalogSidecar = await controlPlane.startSidecar({ appId: 'catalog', appApiToken: CATALOG_APP_TOKEN });
    await controlPlane.registerApp('catalog', urlOf(catalogServer));
    runtime = runtimeFor(orderSidecar);
  });

  afterAll(async () => {
    for (const r of runtimes) await r.close();
    await controlPlane.close();
    await new Promise((resolve) => catalogServer.close(resolve));
  });

  describe('publish', () => {
    it('sends POST /v1.0/publish/pubsub/<topic> as application/cloudevents+json whose id is the eventId', async () => {
      const event = orderPlaced();
      await runtime.publish('order-events', event);

      const publishes = orderSidecar.publishes();
      expect(publishes).toHaveLength(1);
      const [req] = publishes;
      expect(req!.method).toBe('POST');
      expect(req!.path).toBe('/v1.0/publish/pubsub/order-events');
      expect(req!.headers['content-type']).toBe('application/cloudevents+json');
      expect(req!.status).toBe(204);
      expect(req!.body).toMatchObject({
        specversion: '1.0',
        id: event.eventId,
        type: 'OrderPlaced',
        source: 'order',
        data: event,
      });

      const [message] = controlPlane.messagesOn('order-events');
      expect(message!.cloudEvent).toMatchObject({
        id: event.eventId,
        type: 'OrderPlaced',
        source: 'order',
        data: event,
        topic: 'order-events',
        pubsubname: 'pubsub',
      });
      expect(message!.publishedBy).toBe('order');
    });

    it('rejects when the sidecar refuses the message (unknown pubsub component)', async () => {
      const misconfigured = runtimeFor(orderSidecar, { pubsubName: 'no-such-pubsub' });
      const event = orderPlaced();

      await expect(misconfigured.publish('order-events', event)).rejects.toThrow(/publish to order-events failed/);
      const req = last(orderSidecar);
      expect(req.path).toBe('/v1.0/publish/no-such-pubsub/order-events');
      expect(req.status).toBe(404);
      expect(controlPlane.published.some((m) => m.cloudEvent.id === event.eventId)).toBe(false);
    });
  });

  describe('invoke', () => {
    it('returns 200 and the body, forwarding method, path, query, body and headers through both sidecars', async () => {
      received.length = 0;
      const res = await runtime.invoke('catalog', {
        method: 'POST',
        path: '/api/echo?q=1',
        body: { items: [{ productId: 'p1', quantity: 2 }] },
        headers: { 'x-request-id': 'req-200' },
      });

      expect(res).toEqual({
        status: 200,
        body: { echoed: { items: [{ productId: 'p1', quantity: 2 }] }, query: { q: '1' } },
      });
      const req = last(orderSidecar);
      expect(req.method).toBe('POST');
      expect(req.path).toBe('/v1.0/invoke/catalog/method/api/echo');
      expect(req.query).toEqual({ q: '1' });
      expect(req.headers).toMatchObject({
        'content-type': 'application/json',
        'x-request-id': 'req-200',
        'dapr-api-token': ORDER_TOKEN,
      });

      // The catalog app got its own app token, never the caller's API token.
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({
        method: 'POST',
        url: '/api/echo?q=1',
        body: { items: [{ productId: 'p1', quantity: 2 }] },
      });
      expect(received[0]!.headers).toMatchObject({
        'content-type': 'application/json',
        'x-request-id': 'req-200',
        'dapr-api-token': CATALOG_APP_TOKEN,
        'dapr-caller-app-id': 'order',
        'dapr-callee-app-id': 'catalog',
      });
      const [forwarded] = catalogSidecar.appRequests.filter((c) => c.kind === 'invoke');
      expect(forwarded).toMatchObject({ method: 'POST', path: '/api/echo?q=1', status: 200 });
    });

    it('returns the target app status and body for 409 and 503', async () => {
      const conflict = await runtime.invoke('catalog', { method: 'POST', path: '/api/conflict', body: { items: [] } });
      expect(conflict).toEqual({
        status: 409,
        body: {
          status: 409,
          code: 'OUT_OF_STOCK',
          unavailableItems: [{ productId: 'p1', requested: 3, available: 1 }],
        },
      });
      expect(last(orderSidecar).status).toBe(409);

      const unavailable = await runtime.invoke('catalog', { method: 'GET', path: '/api/unavailable' });
      expect(unavailable).toEqual({
        status: 503,
        body: { status: 503, code: 'PAYMENT_GATEWAY_UNAVAILABLE', retryAfterSeconds: 2 },
      });
      expect(last(orderSidecar)).toMatchObject({
        method: 'GET',
        path: '/v1.0/invoke/catalog/method/api/unavailable',
        status: 503,
      });
    });

    it("returns the target app's own 2xx status, not a 200 of its own", async () => {
      const accepted = await runtime.invoke('catalog', { method: 'POST', path: '/api/accepted', body: {} });
      expect(accepted).toEqual({ status: 202, body: { accepted: true } });
    });

    it('rejects with InvocationError when the app id is unknown (the sidecar answers 500 ERR_DIRECT_INVOKE)', async () => {
      const call = runtime.invoke('no-such-app', { method: 'POST', path: '/api/echo', body: {} });
      await expect(call).rejects.toBeInstanceOf(InvocationError);
      await expect(call).rejects.toThrow(/invoke no-such-app/);
      const req = last(orderSidecar);
      expect(req.path).toBe('/v1.0/invoke/no-such-app/method/api/echo');
      expect(req.status).toBe(500);
    });

    it('rejects with InvocationError when the target app does not answer', async () => {
      const dead = http.createServer();
      await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
      const deadUrl = urlOf(dead);
      await new Promise((resolve) => dead.close(resolve));
      const sidecar = await controlPlane.startSidecar({ appId: 'payments' });
      sidecar.appUrl = deadUrl; // the app's port, with nothing listening on it

      await expect(
        runtime.invoke('payments', { method: 'POST', path: '/api/v1/internal/payments/create-intent', body: {} }),
      ).rejects.toBeInstanceOf(InvocationError);
      expect(last(orderSidecar).status).toBe(500);
      expect(sidecar.appRequests.filter((c) => c.kind === 'invoke')[0]!.error).toMatch(/ECONNREFUSED/);
    });
  });

  describe('a sidecar that accepts a call and never answers', () => {
    it('fails the publish and the invocation after the timeout instead of waiting forever', async () => {
      const sockets = new Set<import('node:net').Socket>();
      const silent = http.createServer(() => undefined); // reads the request, never answers
      silent.on('connection', (s) => sockets.add(s));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const stuck = runtimeFor(orderSidecar, {
          daprHttpPort: (silent.address() as AddressInfo).port,
          sidecarTimeoutMs: 300,
        });
        const outcome = (p: Promise<unknown>) =>
          Promise.race([
            p.then(
              () => 'resolved',
              (err: Error) => err,
            ),
            new Promise((r) => setTimeout(() => r('still waiting'), 5000)),
          ]);

        const published = await outcome(stuck.publish('order-events', orderPlaced()));
        expect(published).toBeInstanceOf(Error);
        expect((published as Error).message).toMatch(/publish to order-events failed: no answer within 300 ms/);

        const invoked = await outcome(stuck.invoke('catalog', { method: 'POST', path: '/api/echo', body: {} }));
        expect(invoked).toBeInstanceOf(InvocationError);
        expect((invoked as Error).message).toMatch(/invoke catalog: no answer within 300 ms/);
      } finally {
        for (const s of sockets) s.destroy();
        await new Promise((resolve) => silent.close(resolve));
      }
    });
  });

  describe('state', () => {
    it('saves, reads and deletes with etags; a stale etag is a StateConflictError', async () => {
      await runtime.state.save('cart-1', { items: 1 });
      const first = await runtime.state.get<{ items: number }>('cart-1');
      expect(first).toEqual({ value: { items: 1 }, etag: expect.any(String) });

      await runtime.state.save('cart-1', { items: 2 }, { etag: first!.etag });
      const second = await runtime.state.get<{ items: number }>('cart-1');
      expect(second!.value).toEqual({ items: 2 });
      expect(second!.etag).not.toBe(first!.etag);

      await expect(runtime.state.save('cart-1', { items: 3 }, { etag: first!.etag })).rejects.toBeInstanceOf(
        StateConflictError,
      );
      const staleSave = last(orderSidecar);
      expect(staleSave).toMatchObject({ method: 'POST', path: '/v1.0/state/statestore', status: 409 });
      expect(staleSave.body).toEqual([
        {
          key: 'cart-1',
          value: { items: 3 },
          etag: first!.etag,
          options: { concurrency: 'first-write', consistency: 'strong' },
        },
      ]);
      expect((await runtime.state.get('cart-1'))!.value).toEqual({ items: 2 });

      await expect(runtime.state.delete('cart-1', { etag: first!.etag })).rejects.toBeInstanceOf(StateConflictError);
      const staleDelete = last(orderSidecar);
      expect(staleDelete).toMatchObject({ method: 'DELETE', path: '/v1.0/state/statestore/cart-1', status: 409 });
      expect(staleDelete.headers['if-match']).toBe(first!.etag);
      expect(staleDelete.query).toMatchObject({ concurrency: 'first-write', consistency: 'strong' });

      // Keys live under the app id, as daprd's default key prefix does.
      expect(controlPlane.stateStore().value('order', 'cart-1')).toEqual({ items: 2 });
      await runtime.state.delete('cart-1', { etag: second!.etag });
      expect(await runtime.state.get('cart-1')).toBeUndefined();
      expect(controlPlane.stateStore().get('order', 'cart-1')).toBeUndefined();
    });

    it('reads etags through the bulk API and reports a missing key as undefined', async () => {
      expect(await runtime.state.get('never-saved')).toBeUndefined();
      expect(last(orderSidecar)).toMatchObject({
        method: 'POST',
        path: '/v1.0/state/statestore/bulk',
        status: 200,
        body: { keys: ['never-saved'] },
      });
    });

    it('passes a TTL as metadata.ttlInSeconds and the key expires', async () => {
      await runtime.state.save('hold-1', { orderId: 'o1' }, { ttlSeconds: 60 });
      const save = last(orderSidecar);
      expect(save.status).toBe(204);
      expect(save.body).toEqual([
        { key: 'hold-1', value: { orderId: 'o1' }, metadata: { ttlInSeconds: '60' }, options: {} },
      ]);
      expect((await runtime.state.get('hold-1'))!.value).toEqual({ orderId: 'o1' });

      clock += 61_000;
      expect(await runtime.state.get('hold-1')).toBeUndefined();
    });
  });

  describe('dapr-api-token', () => {
    it('is sent on every call the runtime makes', () => {
      expect(orderSidecar.requests.length).toBeGreaterThan(5);
      const withoutToken = orderSidecar.requests.filter((r) => r.headers['dapr-api-token'] !== ORDER_TOKEN);
      expect(withoutToken.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    });

    it('is required by the sidecar: a call without it is refused with 401 and does nothing', async () => {
      const before = controlPlane.published.length;
      const res = await fetch(`${orderSidecar.url}/v1.0/publish/pubsub/order-events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ hello: 'world' }),
      });
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('invalid api token\n');
      expect(controlPlane.published.length).toBe(before);

      const wrong = await fetch(`${orderSidecar.url}/v1.0/metadata`, { headers: { 'dapr-api-token': 'wrong' } });
      expect(wrong.status).toBe(401);
      // Health probes stay open, as in daprd.
      expect((await fetch(`${orderSidecar.url}/v1.0/healthz`)).status).toBe(204);
    });
  });

  describe('checkReady', () => {
    it('resolves while the sidecar is up and ready, rejects when it is not ready or down', async () => {
      const sidecar = await controlPlane.startSidecar({ appId: 'probe', apiToken: 'probe-token' });
      const probe = runtimeFor(sidecar);

      await expect(probe.checkReady()).resolves.toBeUndefined();
      expect(last(sidecar)).toMatchObject({ method: 'GET', path: '/v1.0/healthz/outbound', status: 204 });
      expect(last(sidecar).headers['dapr-api-token']).toBe('probe-token');

      sidecar.setHealthy(false);
      await expect(probe.checkReady()).rejects.toThrow(/sidecar health 500/);
      sidecar.setHealthy(true);

      await sidecar.stop();
      await expect(probe.checkReady()).rejects.toThrow();

      await sidecar.start();
      await expect(probe.checkReady()).resolves.toBeUndefined();
    });
  });
});
