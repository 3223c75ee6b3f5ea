// The customer's cart in the runtime's state store: GET, PUT and DELETE /api/v1/cart, optimistic
// writes with ETags (a stale If-Match is 412 and changes nothing), a TTL, checkout without
// cartItems taking the stored cart, and the cart cleared once its order is placed.
import { randomBytes } from 'node:crypto';
import { call } from '../support/order-api';
import { settle } from '../support/settle';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { customerToken, vendorToken } from '../support/tokens';
import { until } from '../support/until';

const CART_TTL_SECONDS = 3600;

describe('the cart', () => {
  let system: TestSystem;
  const products: string[] = [];

  beforeAll(async () => {
    system = await startTestSystem({ env: { CART_TTL_SECONDS: String(CART_TTL_SECONDS) } });
    for (const [i, price] of [12_000, 4_000, 9_000].entries()) {
      products.push(`cart-dish-${i}`);
      await system.addProduct({ productId: `cart-dish-${i}`, vendorId: 'vendor-cart', price, stock: 100 });
    }
  });
  afterAll(() => system.close());

  /** A customer of their own per test, so carts never mix. */
  const newCustomer = async () => customerToken(`customer-${randomBytes(4).toString('hex')}`);
  const cartApi = (token: string | undefined) => {
    const url = `${system.urls.order}/api/v1/cart`;
    return {
      get: () => call(url, 'GET', token),
      put: (body: unknown, ifMatch?: string) =>
        call(url, 'PUT', token, body, ifMatch === undefined ? {} : { 'if-match': ifMatch }),
      delete: (ifMatch?: string) =>
        call(url, 'DELETE', token, undefined, ifMatch === undefined ? {} : { 'if-match': ifMatch }),
    };
  };
  const items = (n = 2) => products.slice(0, n).map((productId, i) => ({ productId, quantity: i + 1 }));

  it('reads as empty before anything is stored, with no ETag', async () => {
    const res = await cartApi(await newCustomer()).get();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], etag: null, updatedAt: null, expiresAt: null });
    expect(res.headers.get('etag')).toBeNull();
  });

  it('stores what is PUT, with an ETag in the header and the body, and an expiry CART_TTL_SECONDS after the write', async () => {
    const cart = cartApi(await newCustomer());
    const put = await cart.put({ items: items() });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ items: items(), etag: expect.any(String), updatedAt: expect.any(String) });
    expect(put.headers.get('etag')).toBe(`"${put.body.etag}"`);
    expect(Date.parse(put.body.expiresAt) - Date.parse(put.body.updatedAt)).toBe(CART_TTL_SECONDS * 1000);
    const get = await cart.get();
    expect(get.body).toEqual(put.body);
    expect(get.headers.get('etag')).toBe(put.headers.get('etag'));
  });

  it('takes a write with the current ETag (quoted or not, or *), and refuses a stale one with 412, changing nothing', async () => {
    const cart = cartApi(await newCustomer());
    const first = await cart.put({ items: items(1) });
    const second = await cart.put({ items: items(2) }, first.headers.get('etag')!);
    expect(second.status).toBe(200);
    expect(second.body.etag).not.toBe(first.body.etag);

    const stale = await cart.put({ items: items(3) }, first.headers.get('etag')!);
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect(stale.body).toMatchObject({ status: 412, code: 'CART_CHANGED', title: 'Precondition Failed' });
    expect((await cart.get()).body).toEqual(second.body);

    const unquoted = await cart.put({ items: items(3) }, second.body.etag);
    expect(unquoted.status).toBe(200);
    const anyVersion = await cart.put({ items: items(1) }, '*');
    expect(anyVersion).toMatchObject({ status: 200, body: { items: items(1) } });
  });

  it('when two tabs write with the same ETag at once, then one wins and the other gets 412', async () => {
    const cart = cartApi(await newCustomer());
    const { body } = await cart.put({ items: items(1) });
    const answers = await Promise.all([
      cart.put({ items: items(2) }, body.etag),
      cart.put({ items: items(3) }, body.etag),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 412]);
    const winner = answers.find((a) => a.status === 200)!;
    expect((await cart.get()).body.items).toEqual(winner.body.items);
  });

  it('If-Match: * or an ETag on a cart that does not exist is 412', async () => {
    const cart = cartApi(await newCustomer());
    expect((await cart.put({ items: items(1) }, '*')).status).toBe(412);
    expect((await cart.put({ items: items(1) }, '"17"')).status).toBe(412);
    expect((await cart.get()).body.items).toEqual([]);
  });

  it('deletes with the current ETag or none, refuses a stale ETag with 412, and deleting twice is harmless', async () => {
    const cart = cartApi(await newCustomer());
    const first = await cart.put({ items: items(1) });
    const second = await cart.put({ items: items(2) });
    expect((await cart.delete(first.headers.get('etag')!)).status).toBe(412);
    expect((await cart.get()).body.items).toEqual(items(2));
    expect((await cart.delete(second.headers.get('etag')!)).status).toBe(204);
    expect((await cart.get()).body).toMatchObject({ items: [], etag: null });
    expect((await cart.delete()).status).toBe(204);
    await cart.put({ items: items(1) });
    expect((await cart.delete()).status).toBe(204);
    expect((await cart.get()).body.items).toEqual([]);
  });

  it("is each customer's own: another customer sees theirs, a vendor and no token are refused", async () => {
    const mine = cartApi(await newCustomer());
    await mine.put({ items: items(2) });
    expect((await cartApi(await newCustomer()).get()).body.items).toEqual([]);
    expect(await cartApi(await vendorToken('vendor-cart')).get()).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
    expect(await cartApi(await vendorToken('vendor-cart')).put({ items: items(1) })).toMatchObject({ status: 403 });
    expect(await cartApi(undefined).get()).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(await cartApi(undefined).delete()).toMatchObject({ status: 401 });
    expect((await mine.get()).body.items).toEqual(items(2));
  });

  describe('refuses bad input with 400 naming the field, and changes nothing', () => {
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ productId: `p${i}`, quantity: 1 }));
    it.each([
      ['no items', {}, 'items'],
      ['items that are not a list', { items: 'cart-dish-0' }, 'items'],
      ['a zero quantity', { items: [{ productId: 'cart-dish-0', quantity: 0 }] }, 'items[0].quantity'],
      ['a fractional quantity', { items: [{ productId: 'cart-dish-0', quantity: 1.5 }] }, 'items[0].quantity'],
      ['a quantity as text', { items: [{ productId: 'cart-dish-0', quantity: '2' }] }, 'items[0].quantity'],
      ['a product id with spaces', { items: [{ productId: 'a b', quantity: 1 }] }, 'items[0].productId'],
      ['no product id', { items: [{ quantity: 1 }] }, 'items[0].productId'],
      [
        'a product twice',
        {
          items: [
            { productId: 'cart-dish-0', quantity: 1 },
            { productId: 'cart-dish-0', quantity: 1 },
          ],
        },
        'items[1].productId',
      ],
      ['more than 50 lines', { items: tooMany }, 'items'],
    ])('%s', async (_case, body, field) => {
      const cart = cartApi(await newCustomer());
      const before = await cart.put({ items: items(1) });
      const res = await cart.put(body, before.body.etag);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.invalidParams.map((p: { name: string }) => p.name)).toEqual([field]);
      expect((await cart.get()).body).toEqual(before.body);
    });

    it.each([
      ['a weak ETag', 'W/"3"'],
      ['a list of ETags', '"3", "4"'],
      ['an empty value', '""'],
    ])('If-Match with %s', async (_case, ifMatch) => {
      const cart = cartApi(await newCustomer());
      const before = await cart.put({ items: items(1) });
      for (const res of [await cart.put({ items: items(2) }, ifMatch), await cart.delete(ifMatch)]) {
        expect(res.status).toBe(400);
        expect(res.body.invalidParams.map((p: { name: string }) => p.name)).toEqual(['If-Match']);
      }
      expect((await cart.get()).body).toEqual(before.body);
    });

    it('malformed JSON', async () => {
      const res = await cartApi(await newCustomer()).put('{"items": [');
      expect(res).toMatchObject({ status: 400, body: { code: 'MALFORMED_JSON' } });
    });
  });

  describe('and checkout', () => {
    const orderStatus = async (orderId: string) =>
      (await system.sql<{ status: string }>('select status from orders.orders where order_id = $1', [orderId]))[0]
        ?.status;
    const pay = async (rzpOrderId: string, orderId: string) => {
      await system.sim!.pay(rzpOrderId, { outcome: 'captured' });
      await until(
        () => orderStatus(orderId),
        (s) => s === 'PENDING_VENDOR_ACCEPTANCE',
        10_000,
        20,
      );
      await settle(system);
    };
    const storedValue = (token: string) =>
      system.services.order.ctx.runtime.state.get<{ revision: string }>(
        `cart:${encodeURIComponent(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub)}`,
      );

    it('when checkout has no cartItems, then it buys the stored cart; the cart stays while unpaid and is cleared once the order is placed', async () => {
      const token = await newCustomer();
      const cart = cartApi(token);
      await cart.put({ items: items(2) });
      const checkout = await system.checkout(undefined, { token, rawBody: '{}' });
      expect(checkout.status).toBe(200);
      expect(
        checkout.body.items.map((l: { productId: string; quantity: number }) => ({
          productId: l.productId,
          quantity: l.quantity,
        })),
      ).toEqual(items(2));
      expect(checkout.body.amount).toBe(12_000 * 1 + 4_000 * 2);
      expect((await cart.get()).body.items).toEqual(items(2));

      await pay(checkout.body.paymentIntent.paymentProviderOrderId, checkout.body.orderId);
      expect(await storedValue(token)).toBeUndefined();
      expect((await cart.get()).body).toMatchObject({ items: [], etag: null });
    });

    it('when the cart is written again after checkout, then placing the order leaves the new cart alone', async () => {
      const token = await newCustomer();
      const cart = cartApi(token);
      await cart.put({ items: items(1) });
      const checkout = await system.checkout(undefined, { token, rawBody: '{}' });
      await cart.put({ items: items(3) });
      await pay(checkout.body.paymentIntent.paymentProviderOrderId, checkout.body.orderId);
      expect((await cart.get()).body.items).toEqual(items(3));
    });

    it('when the placed cart was not cleared right away, then it reads as empty and is cleared then (once, whatever the number of reads)', async () => {
      const token = await newCustomer();
      const cart = cartApi(token);
      const before = await cart.put({ items: items(2) });
      const checkout = await system.checkout(undefined, { token, rawBody: '{}' });
      const stored = await storedValue(token);
      await pay(checkout.body.paymentIntent.paymentProviderOrderId, checkout.body.orderId);
      // As if the clearing after placement had failed (the state store down at that moment).
      const sub = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;
      await system.services.order.ctx.runtime.state.save(`cart:${encodeURIComponent(sub)}`, {
        ...stored!.value,
        items: before.body.items,
      });
      expect((await cart.get()).body).toMatchObject({ items: [], etag: null });
      expect((await cart.get()).body).toMatchObject({ items: [], etag: null });
      expect(await storedValue(token)).toBeUndefined();
      expect((await system.checkout(undefined, { token, rawBody: '{}' })).status).toBe(400);
    });

    it('when there is no stored cart, or an empty one, then checkout without cartItems is 400 naming cartItems', async () => {
      const token = await newCustomer();
      const none = await system.checkout(undefined, { token, rawBody: '{}' });
      expect(none.status).toBe(400);
      expect(none.body.invalidParams.map((p: { name: string }) => p.name)).toEqual(['cartItems']);
      await cartApi(token).put({ items: [] });
      const empty = await system.checkout(undefined, { token, rawBody: '{}' });
      expect(empty.body.invalidParams.map((p: { name: string }) => p.name)).toEqual(['cartItems']);
    });

    it('when checkout sends cartItems, then the stored cart is neither used nor cleared', async () => {
      const token = await newCustomer();
      const cart = cartApi(token);
      await cart.put({ items: items(3) });
      const checkout = await system.checkout([{ productId: products[0], quantity: 5 }], { token });
      expect(checkout.body.items).toEqual([expect.objectContaining({ productId: products[0], quantity: 5 })]);
      await pay(checkout.body.paymentIntent.paymentProviderOrderId, checkout.body.orderId);
      expect((await cart.get()).body.items).toEqual(items(3));
    });
  });
});

describe('with CART_TTL_SECONDS=1', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ env: { CART_TTL_SECONDS: '1' } });
  });
  afterAll(() => system.close());

  it('a cart not written again is gone after its TTL', async () => {
    const token = await customerToken('customer-ttl');
    const url = `${system.urls.order}/api/v1/cart`;
    const put = await call(url, 'PUT', token, { items: [{ productId: 'anything', quantity: 1 }] });
    expect(Date.parse(put.body.expiresAt) - Date.parse(put.body.updatedAt)).toBe(1000);
    const later = await until(
      () => call(url, 'GET', token),
      (r) => r.body.items.length === 0,
      5000,
      100,
    );
    expect(later.body).toMatchObject({ items: [], etag: null });
  });
});
