// The order service's clients of catalog and payments parse every answer with its contract: an
// answer that does not match is a failed call, taken down the same path as a service that cannot
// be reached (so the saga's guarantees hold: nothing is sold, placed or charged on a garbled answer).
// The other service is a stand-in HTTP server reached through the real embedded runtime's invocation.
import { randomUUID } from 'node:crypto';
import { AppError, InvocationError, createLogger, listen } from '@saga/runtime';
import { EmbeddedHub } from '../../../tests/support/in-process-hub';
import express from 'express';
import { createCatalogClient } from '../src/clients/catalog-client';
import { createCheckoutCallbackClient } from '../src/clients/checkout-callback-client';
import { createPaymentsClient } from '../src/clients/payments-client';

type Answer = { status: number; body: unknown };

/** A stand-in for another service: each path answers what the test last set for it. */
async function standIn() {
  const answers = new Map<string, Answer>();
  const app = express();
  app.use(express.json());
  app.post(/.*/, (req, res) => {
    const answer = answers.get(req.path);
    if (!answer) return void res.status(599).end();
    res
      .status(answer.status)
      .type(answer.status >= 400 ? 'application/problem+json' : 'application/json')
      .send(JSON.stringify(answer.body));
  });
  const server = await listen(app, 0, '127.0.0.1');
  return {
    url: server.url,
    answer: (path: string, status: number, body: unknown) => answers.set(path, { status, body }),
    close: () => server.close(),
  };
}

const trace = {};
const logger = createLogger({ level: 'silent' });
const problem = (status: number, code: string, extra: Record<string, unknown> = {}) => ({
  type: 'about:blank',
  title: code,
  status,
  detail: `${code} detail`,
  code,
  ...extra,
});

describe("the order service's clients treat an answer that breaks the contract as no answer", () => {
  let other: Awaited<ReturnType<typeof standIn>>;
  const hub = new EmbeddedHub(logger);
  const runtime = hub.runtimeFor('order');
  /** The same clients, pointed at an app id nothing serves: the unreachable case to compare with. */
  const nowhere = {
    catalog: createCatalogClient(runtime, 'nowhere'),
    payments: createPaymentsClient(runtime, 'nowhere'),
    callback: createCheckoutCallbackClient(runtime, 'nowhere'),
  };
  const catalog = createCatalogClient(runtime, 'catalog');
  const payments = createPaymentsClient(runtime, 'payments');
  const callback = createCheckoutCallbackClient(runtime, 'payments');

  beforeAll(async () => {
    other = await standIn();
    hub.registerEndpoint('catalog', other.url);
    hub.registerEndpoint('payments', other.url);
  });
  afterAll(() => other.close());

  const failure = (p: Promise<unknown>) =>
    p.then(
      () => 'resolved',
      (err: unknown) =>
        err instanceof AppError ? { code: err.code, status: err.status } : { error: (err as Error).name },
    );

  describe('catalog: hold (check-availability)', () => {
    const path = '/api/v1/internal/products/check-availability';
    const hold = (client = catalog) => client.hold(randomUUID(), [{ productId: 'p1', quantity: 1 }], 60, trace);
    const available = {
      isAvailable: true,
      items: [{ productId: 'p1', vendorId: 'v1', name: 'Dosa', quantity: 1, unitPrice: 500, lineTotal: 500 }],
      amount: 500,
      currency: 'INR',
      hold: null,
    };

    it('returns an answer that matches', async () => {
      other.answer(path, 200, available);
      expect(await hold()).toEqual(available);
    });

    it.each([
      ['a 200 without amount', 200, { ...available, amount: undefined }],
      ['a 200 with a fractional price', 200, { ...available, amount: 5.5 }],
      ['a 200 that is not JSON of the contract at all', 200, 'ok'],
      ['a 409 OUT_OF_STOCK without unavailableItems', 409, problem(409, 'OUT_OF_STOCK')],
      ['an error that is not problem+json', 500, { message: 'boom' }],
    ])(
      'fails %s as it fails when the catalog is unreachable (503 SERVICE_UNAVAILABLE)',
      async (_label, status, body) => {
        other.answer(path, status, body);
        const unreachable = await failure(hold(nowhere.catalog));
        expect(unreachable).toEqual({ code: 'SERVICE_UNAVAILABLE', status: 503 });
        expect(await failure(hold())).toEqual(unreachable);
      },
    );

    it("still passes on the catalog's refusals that match (out of stock)", async () => {
      other.answer(
        path,
        409,
        problem(409, 'OUT_OF_STOCK', {
          isAvailable: false,
          unavailableItems: [{ productId: 'p1', requested: 1, available: 0 }],
        }),
      );
      expect(await failure(hold())).toEqual({ code: 'OUT_OF_STOCK', status: 409 });
    });
  });

  describe('catalog: commit the sale (saga step 13)', () => {
    const path = '/api/v1/internal/holds/commit';

    it('sells on an answer that matches, and reports a shortfall that matches', async () => {
      other.answer(path, 200, { orderReference: 'o1', status: 'SOLD' });
      expect(await catalog.commitSale('o1')).toEqual({ status: 'SOLD' });
      other.answer(
        path,
        409,
        problem(409, 'OUT_OF_STOCK', {
          isAvailable: false,
          unavailableItems: [{ productId: 'p1', requested: 2, available: 1 }],
        }),
      );
      expect(await catalog.commitSale('o1')).toEqual({
        status: 'SHORTFALL',
        unavailableItems: [{ productId: 'p1', requested: 2, available: 1 }],
      });
    });

    it.each([
      ['a 200 that does not say SOLD', 200, { orderReference: 'o1', status: 'PENDING' }],
      ['an empty 200', 200, {}],
      ['a 409 without unavailableItems', 409, problem(409, 'OUT_OF_STOCK')],
      ["a 404 that is not the catalog's NOT_FOUND problem", 404, 'Cannot POST'],
    ])(
      'neither sells nor cancels on %s: it throws, as when the catalog is unreachable (the consumer retries)',
      async (_label, status, body) => {
        other.answer(path, status, body);
        expect(await failure(nowhere.catalog.commitSale('o1'))).toEqual({ error: 'InvocationError' });
        await expect(catalog.commitSale('o1')).rejects.toThrow();
      },
    );
  });

  describe('catalog: release a hold', () => {
    const path = '/api/v1/internal/holds/release';
    it('resolves on an answer that matches and throws on one that does not, as when unreachable', async () => {
      other.answer(path, 200, { orderReference: 'o1', status: 'RELEASED' });
      await expect(catalog.release('o1', 'test', trace)).resolves.toBeUndefined();
      other.answer(path, 200, { orderReference: 'o1', status: 'GONE' });
      await expect(catalog.release('o1', 'test', trace)).rejects.toBeInstanceOf(InvocationError);
      await expect(nowhere.catalog.release('o1', 'test', trace)).rejects.toBeInstanceOf(InvocationError);
    });
  });

  describe('payments: create the intent', () => {
    const path = '/api/v1/internal/payments/create-intent';
    const intent = {
      paymentProviderOrderId: 'order_1',
      keyId: 'rzp_test_1',
      amount: 500,
      currency: 'INR',
      orderReference: 'o1',
      provider: 'razorpay',
      status: 'INTENT_CREATED',
    };
    const create = (client = payments) =>
      client.createIntent({ orderReference: 'o1', amount: 500, customerId: 'c1' }, trace);

    it('returns an intent that matches', async () => {
      other.answer(path, 200, intent);
      expect(await create()).toEqual(intent);
    });

    it.each([
      ['an intent without keyId', 200, { ...intent, keyId: undefined }],
      ['an intent in dollars', 200, { ...intent, currency: 'USD' }],
      ['an error that is not problem+json', 502, 'Bad Gateway'],
    ])('fails %s as when payments is unreachable (503 PAYMENT_GATEWAY_UNAVAILABLE)', async (_label, status, body) => {
      other.answer(path, status, body);
      const unreachable = await failure(create(nowhere.payments));
      expect(unreachable).toEqual({ code: 'PAYMENT_GATEWAY_UNAVAILABLE', status: 503 });
      expect(await failure(create())).toEqual(unreachable);
    });
  });

  describe('payments: the gateway check before an expiry', () => {
    const path = '/api/v1/internal/payments/gateway-check';
    it('returns a status that matches, and UNREACHABLE (never expire, ask again) for one that does not', async () => {
      other.answer(path, 200, { orderReference: 'o1', paymentProviderOrderId: 'order_1', status: 'UNPAID' });
      expect(await payments.paymentAtGateway('o1')).toBe('UNPAID');
      expect(await nowhere.payments.paymentAtGateway('o1')).toBe('UNREACHABLE');
      other.answer(path, 200, { orderReference: 'o1', status: 'unpaid' });
      expect(await payments.paymentAtGateway('o1')).toBe('UNREACHABLE');
      other.answer(path, 200, {});
      expect(await payments.paymentAtGateway('o1')).toBe('UNREACHABLE');
    });
  });

  describe('payments: the Checkout callback', () => {
    const path = '/api/v1/internal/payments/checkout-callback';
    const request = {
      orderReference: 'o1',
      razorpay_payment_id: 'pay_1',
      razorpay_order_id: 'order_1',
      razorpay_signature: 'a'.repeat(64),
    };
    const result = { orderReference: 'o1', paymentId: 'pay_1', paymentStatus: 'CAPTURED', razorpayStatus: 'captured' };

    it('returns a result that matches, and passes on a refusal that matches', async () => {
      other.answer(path, 200, result);
      expect(await callback.confirm(request, trace)).toEqual(result);
      other.answer(path, 400, problem(400, 'INVALID_PAYMENT_SIGNATURE'));
      expect(await failure(callback.confirm(request, trace))).toEqual({
        code: 'INVALID_PAYMENT_SIGNATURE',
        status: 400,
      });
    });

    it('takes a voided payment record as an answer (a Razorpay order Razorpay did not know), not as a broken one', async () => {
      other.answer(path, 200, { ...result, paymentStatus: 'VOIDED', razorpayStatus: 'failed' });
      expect(await callback.confirm(request, trace)).toEqual({
        ...result,
        paymentStatus: 'VOIDED',
        razorpayStatus: 'failed',
      });
    });

    it.each([
      ['a result with an unknown payment status', 200, { ...result, paymentStatus: 'DONE' }],
      ['a 400 that is not problem+json', 400, 'Bad Request'],
    ])('fails %s as when payments is unreachable (503 PAYMENT_GATEWAY_UNAVAILABLE)', async (_label, status, body) => {
      other.answer(path, status, body);
      const unreachable = await failure(nowhere.callback.confirm(request, trace));
      expect(unreachable).toEqual({ code: 'PAYMENT_GATEWAY_UNAVAILABLE', status: 503 });
      expect(await failure(callback.confirm(request, trace))).toEqual(unreachable);
    });
  });
});
