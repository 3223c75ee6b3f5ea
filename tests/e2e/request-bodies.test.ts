// Request bodies are read only after the caller is known (the customer's JWT on public routes, the
// service credential on internal ones), within a limit per route and never inflated; the mistakes
// a client can make with a body are answered 4xx problem+json naming the problem, and logged as the
// client's doing (info or warn, no stack), never as a server error.
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { customerToken } from '../support/tokens';
import { until } from '../support/until';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  err?: unknown;
  [key: string]: unknown;
}

describe('request bodies', () => {
  let system: TestSystem;
  const logs: LogLine[] = [];
  let customer: string;

  beforeAll(async () => {
    const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
    system = await startTestSystem({ logger });
    await system.addProduct({ productId: 'dhokla', vendorId: 'vendor-a', price: 9000, stock: 10 });
    customer = await customerToken('body-customer');
  });
  afterAll(() => system.close());

  /** What a checkout could have written anywhere. */
  const footprint = async () => ({
    orders: await system.sql('select order_id from orders.orders'),
    stock: await system.stockOf('dhokla'),
    razorpayOrders: system.sim!.stats().ordersCreated,
  });

  const post = async (url: string, body: string | Uint8Array, headers: Record<string, string>) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type'), body: text ? JSON.parse(text) : undefined };
  };
  const checkoutUrl = () => `${system.urls.order}/api/v1/orders/checkout`;
  const internalUrl = () => `${system.urls.catalog}/api/v1/internal/products/check-availability`;
  const bigJson = (bytes: number) =>
    JSON.stringify({ cartItems: [{ productId: 'dhokla', quantity: 1 }], padding: 'x'.repeat(bytes) });
  const inflatesToMiB = gzipSync(bigJson(1024 * 1024 - 200));

  describe('an anonymous body is refused before it is read', () => {
    it.each([
      ['malformed JSON', '{"cartItems": [', {}],
      ['a body over 1 MiB', bigJson(2 * 1024 * 1024), {}],
      ['a gzip body that inflates to 1 MiB', inflatesToMiB, { 'content-encoding': 'gzip' }],
      ['a gzip body that is not gzip', '{"cartItems": []}', { 'content-encoding': 'gzip' }],
    ])('checkout without a token, with %s: 401 UNAUTHENTICATED', async (_case, body, headers) => {
      const before = await footprint();
      const res = await post(checkoutUrl(), body, headers);
      expect(res).toMatchObject({
        status: 401,
        type: expect.stringContaining('application/problem+json'),
        body: { code: 'UNAUTHENTICATED' },
      });
      expect(await footprint()).toEqual(before);
    });

    it.each([
      ['malformed JSON', '{"items": [', {}],
      ['a body over 1 MiB', bigJson(2 * 1024 * 1024), {}],
      ['a gzip body that inflates to 1 MiB', inflatesToMiB, { 'content-encoding': 'gzip' }],
    ])(
      'an internal route without the service credential, with %s: 401 UNAUTHENTICATED',
      async (_case, body, headers) => {
        const res = await post(internalUrl(), body, headers);
        expect(res).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
      },
    );
  });

  it('answers an anonymous caller before its body has even been sent, and closes the connection rather than read a large body', async () => {
    const url = new URL(checkoutUrl());
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(8 * 1024 * 1024) },
    });
    req.on('error', () => undefined);
    req.flushHeaders(); // the headers only: not one byte of the 8 MiB announced
    const answer = await new Promise<http.IncomingMessage | 'no answer'>((resolve) => {
      req.on('response', resolve);
      setTimeout(() => resolve('no answer'), 5000).unref();
    });
    req.destroy();
    expect(answer).not.toBe('no answer');
    const res = answer as http.IncomingMessage;
    expect({ status: res.statusCode, connection: res.headers.connection }).toEqual({
      status: 401,
      connection: 'close',
    });
  });

  describe('a known caller gets a bounded body, never inflated', () => {
    it('a checkout body over the checkout limit (64 KiB): 413 naming the limit, nothing kept', async () => {
      const before = await footprint();
      const res = await post(checkoutUrl(), bigJson(100 * 1024), { authorization: `Bearer ${customer}` });
      expect(res).toMatchObject({
        status: 413,
        type: expect.stringContaining('application/problem+json'),
        body: { code: 'PAYLOAD_TOO_LARGE', detail: expect.stringContaining('64 KiB') },
      });
      expect(await footprint()).toEqual(before);
    });

    it('a gzip-encoded checkout: 415 naming Content-Encoding, nothing kept', async () => {
      const before = await footprint();
      const res = await post(
        checkoutUrl(),
        gzipSync(JSON.stringify({ cartItems: [{ productId: 'dhokla', quantity: 1 }] })),
        { authorization: `Bearer ${customer}`, 'content-encoding': 'gzip' },
      );
      expect(res).toMatchObject({
        status: 415,
        body: { code: 'UNSUPPORTED_MEDIA_TYPE', detail: expect.stringContaining('Content-Encoding') },
      });
      expect(await footprint()).toEqual(before);
    });

    it('a plain body labelled Content-Encoding: gzip: 415 problem+json, logged without an error or a stack', async () => {
      const from = logs.length;
      const res = await post(checkoutUrl(), JSON.stringify({ cartItems: [{ productId: 'dhokla', quantity: 1 }] }), {
        authorization: `Bearer ${customer}`,
        'content-encoding': 'gzip',
        'x-request-id': 'plain-labelled-gzip',
      });
      expect(res).toMatchObject({
        status: 415,
        type: expect.stringContaining('application/problem+json'),
        body: { code: 'UNSUPPORTED_MEDIA_TYPE' },
      });
      const lines = logs.slice(from);
      expect(lines.filter((l) => l.level >= 50)).toEqual([]);
      expect(JSON.stringify(lines)).not.toMatch(/"stack"|\n\s+at /);
    });
  });

  it('a body the client abandons half-way is logged as the client going away (info or warn, no stack), not as a server error', async () => {
    const from = logs.length;
    const url = new URL(checkoutUrl());
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': '5000',
          authorization: `Bearer ${customer}`,
          'x-request-id': 'abandoned-body',
        },
      });
      req.on('error', () => resolve());
      req.write('{"cartItems": [', () => setTimeout(() => req.destroy(), 100));
      req.on('close', () => resolve());
    });
    const about = (l: LogLine) => l.reqId === 'abandoned-body' && l.level >= 30;
    const lines = await until(
      async () => logs.slice(from).filter(about),
      (found) => found.length > 0,
      5000,
    );
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line.level).toBeLessThanOrEqual(40);
      expect(JSON.stringify(line)).not.toMatch(/"stack"/);
    }
  });
});
