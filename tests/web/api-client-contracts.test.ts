// The pages' API client (apps/web/src/api) checks every answer against its contract: an answer of
// the wrong shape fails the call with an ApiError the page shows like any failed call, and a
// matching one reaches the page. The server is outside the unit: fetch is a stub answering bodies.
import { getCart } from '../../apps/web/src/api/cart';
import { listProducts } from '../../apps/web/src/api/catalog';
import { ApiError, UNEXPECTED_RESPONSE, describeError } from '../../apps/web/src/api/http';
import { acceptOrder, getTimeline, listMyOrders } from '../../apps/web/src/api/orders';

const realFetch = globalThis.fetch;
let answer: { status: number; body: unknown; headers?: Record<string, string> };

beforeEach(() => {
  globalThis.fetch = (async () =>
    new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json', ...answer.headers },
    })) as typeof fetch;
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  globalThis.fetch = realFetch;
  jest.restoreAllMocks();
});

const product = {
  productId: 'masala-dosa',
  vendorId: 'vendor-udupi-kitchen',
  name: 'Masala dosa',
  price: 12000,
  currency: 'INR',
  availableQuantity: 5,
};
const line = {
  productId: 'masala-dosa',
  vendorId: 'vendor-udupi-kitchen',
  name: 'Masala dosa',
  quantity: 1,
  unitPrice: 12000,
  lineTotal: 12000,
};
const at = '2026-12-04T10:00:00.000Z';
const order = {
  orderId: '6a1f0c1e-0000-4000-8000-000000000001',
  customerId: 'customer-asha',
  vendorId: 'vendor-udupi-kitchen',
  status: 'ACCEPTED',
  statusReason: null,
  items: [line],
  amount: 12000,
  currency: 'INR',
  paymentProviderOrderId: 'order_Abc123',
  paymentId: 'pay_Abc123',
  createdAt: at,
  updatedAt: at,
  expiresAt: at,
  placedAt: at,
  answeredAt: at,
  vendorAnswerDueAt: null,
};

async function rejection(call: () => Promise<unknown>): Promise<ApiError> {
  const err = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe("the pages' API client against the contracts", () => {
  it('accepts a product list that matches the contract', async () => {
    answer = { status: 200, body: [product] };
    await expect(listProducts()).resolves.toEqual([product]);
  });

  it('rejects a product list whose price is not integer paise, with a message fit for the page', async () => {
    answer = { status: 200, body: [{ ...product, price: '120.00' }] };
    const err = await rejection(() => listProducts());
    expect(err.code).toBe(UNEXPECTED_RESPONSE);
    expect(err.status).toBe(200);
    expect(describeError(err)).toMatch(/does not understand/);
    expect(describeError(err)).not.toMatch(/price|expected|zod/i); // the parser's detail stays in the console
  });

  it("accepts the vendor's answered order, and rejects one without its status", async () => {
    answer = { status: 200, body: order };
    await expect(acceptOrder('token', order.orderId)).resolves.toEqual(order);

    const { status: _dropped, ...withoutStatus } = order;
    answer = { status: 200, body: withoutStatus };
    expect((await rejection(() => acceptOrder('token', order.orderId))).code).toBe(UNEXPECTED_RESPONSE);
  });

  it('reads the order list as { orders, next? } and rejects any other shape', async () => {
    answer = { status: 200, body: { orders: [order] } };
    await expect(listMyOrders('token')).resolves.toEqual([order]);

    answer = { status: 200, body: [order] };
    expect((await rejection(() => listMyOrders('token'))).code).toBe(UNEXPECTED_RESPONSE);
  });

  it('keeps the cart and its ETag header when the cart matches, and rejects a line without a quantity', async () => {
    const cart = { items: [{ productId: 'masala-dosa', quantity: 2 }], etag: 'e1', updatedAt: at, expiresAt: at };
    answer = { status: 200, body: cart, headers: { etag: '"e1"' } };
    await expect(getCart('token')).resolves.toEqual({ items: cart.items, etag: '"e1"' });

    answer = { status: 200, body: { ...cart, items: [{ productId: 'masala-dosa' }] }, headers: { etag: '"e1"' } };
    expect((await rejection(() => getCart('token'))).code).toBe(UNEXPECTED_RESPONSE);
  });

  it("keeps a timeline entry's step details, and rejects an entry without its time", async () => {
    const entry = { at, step: 'REJECTED', reason: 'closed today' };
    answer = { status: 200, body: { orderId: order.orderId, status: 'REJECTED', entries: [entry] } };
    await expect(getTimeline('token', order.orderId)).resolves.toEqual({
      orderId: order.orderId,
      status: 'REJECTED',
      entries: [entry],
    });

    answer = { status: 200, body: { orderId: order.orderId, status: 'REJECTED', entries: [{ step: 'REJECTED' }] } };
    expect((await rejection(() => getTimeline('token', order.orderId))).code).toBe(UNEXPECTED_RESPONSE);
  });

  it('still reports a problem+json error as the server stated it, not as a contract mismatch', async () => {
    answer = { status: 404, body: { status: 404, code: 'ORDER_NOT_FOUND', detail: 'No such order' } };
    const err = await rejection(() => acceptOrder('token', order.orderId));
    expect(err.code).toBe('ORDER_NOT_FOUND');
    expect(describeError(err)).toBe('No such order');
  });
});
