// The web server `npm start` puts in front of the services: the built pages and their routes,
// /config.json, development tokens (never in production), and the services' public paths
// forwarded on the same origin, WebSocket included. The services here are stand-ins that record
// what reached them: what is under test is the forwarding, not the services.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, PortUnavailableError, createLogger } from '@saga/runtime';
import { jwtVerify } from 'jose';
import WebSocket, { WebSocketServer } from 'ws';
import { RAZORPAY_CHECKOUT_JS, loadWebConfig } from '../web-config';
import { type RunningWebServer, startWebServer } from '../web-server';

const SECRET = 'web-server-test-secret-0123456789';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function standIn(name: string): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url?.startsWith('/api/v1/cart')) {
        res.writeHead(412, { 'content-type': 'application/problem+json', etag: '"v7"' });
        res.end(JSON.stringify({ status: 412, code: 'PRECONDITION_FAILED' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-served-by': name });
      res.end(JSON.stringify({ service: name }));
    });
  });
  const wss = new WebSocketServer({ server, path: '/ws' });
  wss.on('connection', (ws, req) => {
    ws.send(JSON.stringify({ event: 'hello', url: req.url }));
    ws.on('message', (m) => ws.send(JSON.stringify({ event: 'echo', data: String(m) })));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

function builtPages(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  return dir;
}

describe('the web server (npm start)', () => {
  let order: Awaited<ReturnType<typeof standIn>>;
  let catalog: Awaited<ReturnType<typeof standIn>>;
  let notifications: Awaited<ReturnType<typeof standIn>>;
  let web: RunningWebServer;
  const logger = createLogger({ level: 'silent' });

  beforeAll(async () => {
    [order, catalog, notifications] = await Promise.all([
      standIn('order'),
      standIn('catalog'),
      standIn('notifications'),
    ]);
    web = await startWebServer({
      config: { port: 0, razorpayCheckoutUrl: 'http://127.0.0.1:3099/v1/checkout.js', devTokenSecret: SECRET },
      distDir: builtPages(),
      services: { order: order.url, catalog: catalog.url, notifications: notifications.url },
      logger,
      host: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await web.close();
    await Promise.all([order.close(), catalog.close(), notifications.close()]);
  });

  it('answers every page route with the app, and hashed assets with a long cache', async () => {
    for (const route of ['/', '/vendor', '/orders/4c6f-a1']) {
      const res = await fetch(`${web.url}${route}`);
      expect({
        route,
        status: res.status,
        type: res.headers.get('content-type'),
        cache: res.headers.get('cache-control'),
      }).toEqual({
        route,
        status: 200,
        type: expect.stringMatching(/^text\/html/),
        cache: 'no-cache',
      });
      expect(await res.text()).toContain('<div id="root">');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self' http://127.0.0.1:3099");
    }
    const asset = await fetch(`${web.url}/assets/index-abc123.js`);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    const missing = await fetch(`${web.url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await fetch(`${web.url}/assets/missing.js`)).status).toBe(404);
  });

  it('tells the pages where Razorpay Checkout is and that development sign-in is on', async () => {
    expect(await (await fetch(`${web.url}/config.json`)).json()).toEqual({
      razorpayCheckoutUrl: 'http://127.0.0.1:3099/v1/checkout.js',
      devSignIn: true,
      shopName: 'Bazaar',
    });
  });

  it('forwards each public path to its service: method, path, query, body and headers there; status, headers and body back', async () => {
    const res = await fetch(`${web.url}/api/v1/orders/o-1/reject?x=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer t0k', 'content-type': 'application/json', 'idempotency-key': 'k-1' },
      body: JSON.stringify({ reason: 'Out of stock' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-served-by')).toBe('order');
    const seen = order.seen.at(-1)!;
    expect(seen).toMatchObject({
      method: 'POST',
      url: '/api/v1/orders/o-1/reject?x=1',
      body: '{"reason":"Out of stock"}',
    });
    expect(seen.headers).toMatchObject({
      authorization: 'Bearer t0k',
      'idempotency-key': 'k-1',
      host: new URL(order.url).host,
    });

    expect(await (await fetch(`${web.url}/api/v1/products`)).json()).toEqual({ service: 'catalog' });
    for (const p of ['/api/v1/orders', '/api/v1/vendor/orders?status=ACCEPTED', '/api/docs'])
      expect(await (await fetch(`${web.url}${p}`)).json()).toEqual({ service: 'order' });

    const stale = await fetch(`${web.url}/api/v1/cart`, {
      method: 'PUT',
      headers: { 'if-match': '"v6"', 'content-type': 'application/json' },
      body: '{"items":[]}',
    });
    expect({
      status: stale.status,
      etag: stale.headers.get('etag'),
      ifMatch: order.seen.at(-1)!.headers['if-match'],
    }).toEqual({ status: 412, etag: '"v7"', ifMatch: '"v6"' });
    // Internal routes are not public: they are not forwarded.
    expect((await fetch(`${web.url}/api/v1/internal/dead-letters`)).status).toBe(404);
    expect(order.seen.some((s) => s.url.includes('internal'))).toBe(false);
  });

  it('forwards the WebSocket to notifications, with its query (the token) and its frames both ways', async () => {
    const ws = new WebSocket(`${web.url.replace('http', 'ws')}/ws?access_token=abc`);
    const frames: unknown[] = [];
    ws.on('message', (m) => frames.push(JSON.parse(String(m))));
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    ws.send('{"event":"ping"}');
    for (let i = 0; i < 50 && frames.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(frames).toEqual([
      { event: 'hello', url: '/ws?access_token=abc' },
      { event: 'echo', data: '{"event":"ping"}' },
    ]);
    ws.close();

    const elsewhere = new WebSocket(`${web.url.replace('http', 'ws')}/other`);
    const refused = await new Promise<number>((r) =>
      elsewhere.once('unexpected-response', (_req, res) => r(res.statusCode!)).once('open', () => r(101)),
    );
    expect(refused).toBe(404);
  });

  it('tells a port in use in one line naming WEB_PORT', async () => {
    const port = Number(new URL(web.url).port);
    const second = startWebServer({
      config: { port, razorpayCheckoutUrl: RAZORPAY_CHECKOUT_JS, devTokenSecret: undefined },
      distDir: builtPages(),
      services: { order: order.url, catalog: catalog.url, notifications: notifications.url },
      logger,
      host: '127.0.0.1',
    });
    await expect(second).rejects.toThrow(PortUnavailableError);
    await expect(second).rejects.toThrow(`web: port ${port} (WEB_PORT) is already in use`);
  });

  it('answers 502 problem+json when a service is down, naming no address', async () => {
    const down = await standIn('down');
    await down.close();
    const lonely = await startWebServer({
      config: {
        port: 0,
        razorpayCheckoutUrl: 'https://checkout.razorpay.com/v1/checkout.js',
        devTokenSecret: undefined,
      },
      distDir: builtPages(),
      services: { order: down.url, catalog: down.url, notifications: down.url },
      logger,
      host: '127.0.0.1',
    });
    const res = await fetch(`${lonely.url}/api/v1/products`);
    const text = await res.text();
    expect(res.status).toBe(502);
    expect(JSON.parse(text)).toMatchObject({ status: 502, code: 'UPSTREAM_FAILED' });
    expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|:\d{4,5}/);
    await lonely.close();
  });

  describe('development tokens', () => {
    const issue = (body: string) =>
      fetch(`${web.url}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

    it("signs a customer token and a vendor token with the services' secret, the same request twice alike", async () => {
      for (let i = 0; i < 2; i++) {
        const customer = (await (await issue('{"role":"customer","id":"customer-asha"}')).json()) as { token: string };
        const { payload } = await jwtVerify(customer.token, new TextEncoder().encode(SECRET));
        expect(payload).toMatchObject({ sub: 'customer-asha', role: 'customer' });
      }
      const vendor = (await (await issue('{"role":"vendor","id":"vendor-fresh-mart"}')).json()) as { token: string };
      const { payload } = await jwtVerify(vendor.token, new TextEncoder().encode(SECRET));
      expect(payload).toMatchObject({
        sub: 'user-of-vendor-fresh-mart',
        role: 'vendor',
        vendorId: 'vendor-fresh-mart',
      });
    });

    it('refuses bad input with 400 naming the field, and signs nothing', async () => {
      const cases: Array<[string, string]> = [
        ['{"role":"admin","id":"x"}', 'role'],
        ['{"role":"customer","id":"Not Valid"}', 'id'],
        ['{"role":"customer","id":""}', 'id'],
        [`{"role":"customer","id":"${'a'.repeat(65)}"}`, 'id'],
        ['{"role":"customer"}', 'id'],
        ['{"id":"x"}', 'role'],
        ['{"role":"customer","id":"x","vendorId":"v"}', '(body)'],
      ];
      for (const [body, field] of cases) {
        const res = await issue(body);
        const problem = (await res.json()) as { invalidParams?: Array<{ name: string }>; token?: string };
        expect({
          body,
          status: res.status,
          fields: problem.invalidParams?.map((p) => p.name),
          token: problem.token,
        }).toEqual({
          body,
          status: 400,
          fields: [field],
          token: undefined,
        });
      }
      const malformed = await issue('{"role":');
      expect(malformed.status).toBe(400);
      expect(((await malformed.json()) as { code: string }).code).toBe('MALFORMED_JSON');
    });
  });
});

describe("the web server's configuration", () => {
  it("offers development sign-in only outside production and only for the services' own HS256 secret", () => {
    expect(loadWebConfig({}, 'http://127.0.0.1:3099')).toEqual({
      port: 3000,
      razorpayCheckoutUrl: 'http://127.0.0.1:3099/v1/checkout.js',
      devTokenSecret: 'dev-only-jwt-secret-do-not-use-in-production',
    });
    expect(
      loadWebConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }, undefined).devTokenSecret,
    ).toBeUndefined();
    expect(loadWebConfig({ JWKS_URL: 'https://idp.example/jwks' }, undefined).devTokenSecret).toBeUndefined();
    expect(loadWebConfig({ JWT_SECRET: 'mine-0123456789abcdef' }, undefined)).toMatchObject({
      devTokenSecret: 'mine-0123456789abcdef',
      razorpayCheckoutUrl: 'https://checkout.razorpay.com/v1/checkout.js',
    });
    expect(
      loadWebConfig(
        { WEB_PORT: '0', RAZORPAY_CHECKOUT_URL: 'https://checkout.razorpay.com/v1/checkout.js' },
        'http://127.0.0.1:3099',
      ),
    ).toMatchObject({
      port: 0,
      razorpayCheckoutUrl: 'https://checkout.razorpay.com/v1/checkout.js',
    });
  });

  it('stops at boot naming the variable when a value is bad', () => {
    expect(() => loadWebConfig({ WEB_PORT: 'eighty' }, undefined)).toThrow(ConfigError);
    expect(() => loadWebConfig({ WEB_PORT: '70000' }, undefined)).toThrow(/WEB_PORT/);
    expect(() => loadWebConfig({ RAZORPAY_CHECKOUT_URL: 'not a url' }, undefined)).toThrow(/RAZORPAY_CHECKOUT_URL/);
  });
});
