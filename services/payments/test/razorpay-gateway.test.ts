// The SDK-backed gateway against a plain HTTP server standing in for Razorpay: where it sends, and
// what it does with an answer that is a redirect.
import http from 'node:http';
import { freePort } from '../../../tests/support/multiprocess-imports';
import { createGatewayPolicy } from '../src/razorpay/gateway-policy';
import { createRazorpayGateway } from '../src/razorpay/razorpay-gateway';

describe('the Razorpay gateway', () => {
  const seen: Array<{ method?: string; url?: string; authorization?: string }> = [];
  let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
      req.resume();
      req.on('end', () => answer(req, res));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  beforeEach(() => (seen.length = 0));

  const gateway = () =>
    createRazorpayGateway({
      apiUrl: `${base}/v1`,
      keyId: 'rzp_test_gateway',
      keySecret: 'gateway-secret',
      timeoutMs: 2000,
      policy: createGatewayPolicy({ timeoutMs: 2000, maxRetries: 0, breakerThreshold: 100, breakerOpenMs: 1000 }),
    });

  it('creates an order on the configured host with the key as Basic auth', async () => {
    answer = (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: 'order_G1', amount: 15000, currency: 'INR', receipt: 'r-1', status: 'created' }));
    const order = await gateway().createOrder({ amount: 15000, currency: 'INR', receipt: 'r-1' });
    expect(order).toMatchObject({ id: 'order_G1', amount: 15000, status: 'created' });
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/v1/orders',
        authorization: `Basic ${Buffer.from('rzp_test_gateway:gateway-secret').toString('base64')}`,
      },
    ]);
  });

  it('does not follow a redirect: the call fails as a final answer and nothing else is asked', async () => {
    answer = (req, res) => {
      if (req.url === '/v1/orders') res.writeHead(307, { location: `${base}/elsewhere` }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"order_wrong"}');
    };
    await expect(gateway().createOrder({ amount: 15000, currency: 'INR', receipt: 'r-2' })).rejects.toMatchObject({
      name: 'GatewayError',
      statusCode: 307,
      transient: false,
    });
    expect(seen.map((s) => s.url)).toEqual(['/v1/orders']);
  });

  describe('failures without an answer are told from answers', () => {
    const gatewayAt = (apiUrl: string) =>
      createRazorpayGateway({
        apiUrl,
        keyId: 'rzp_test_gateway',
        keySecret: 'gateway-secret',
        timeoutMs: 2000,
        policy: createGatewayPolicy({ timeoutMs: 2000, maxRetries: 0, breakerThreshold: 100, breakerOpenMs: 1000 }),
      });

    it('a refused connection is a transient network error that names its cause, not a TypeError', async () => {
      const nobody = `http://127.0.0.1:${await freePort()}`;
      const err = await gatewayAt(nobody)
        .createOrder({ amount: 15000, currency: 'INR', receipt: 'r-3' })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({
        name: 'GatewayError',
        transient: true,
        statusCode: undefined,
        message: 'Razorpay unreachable: ECONNREFUSED',
      });
      expect((err as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
      await expect(gatewayAt(nobody).fetchOrderPayments('order_X')).rejects.toMatchObject({
        transient: true,
        message: 'Razorpay unreachable: ECONNREFUSED',
      });
      await expect(
        gatewayAt(nobody).refundPayment(
          'pay_X',
          { amount: 100, notes: { orderReference: 'o', reason: 'r' } },
          'refund-pay_X',
        ),
      ).rejects.toMatchObject({
        transient: true,
        statusCode: undefined,
        message: 'Razorpay unreachable: ECONNREFUSED',
      });
    });

    it('a connection cut before the answer is a transient network error', async () => {
      answer = (req) => req.socket.destroy();
      await expect(gateway().fetchPayment('pay_cut')).rejects.toMatchObject({
        name: 'GatewayError',
        transient: true,
        statusCode: undefined,
        message: expect.stringMatching(/^Razorpay unreachable: (ECONNRESET|socket hang up)$/),
      });
    });

    it('an error answer without a JSON body keeps its status', async () => {
      answer = (_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>');
      await expect(gateway().fetchPayment('pay_502')).rejects.toMatchObject({
        name: 'GatewayError',
        transient: true,
        statusCode: 502,
        message: 'Razorpay answered 502: no description',
      });
      answer = (_req, res) => res.writeHead(503).end();
      await expect(gateway().fetchPayment('pay_503')).rejects.toMatchObject({ transient: true, statusCode: 503 });
    });
  });
});
