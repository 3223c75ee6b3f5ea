import { startTestSystem, type TestSystem } from '../support/test-system';
import { customerToken } from '../support/tokens';

describe('checkout with an Idempotency-Key', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
    await system.addProduct({ productId: 'biryani', vendorId: 'vendor-a', price: 30000, stock: 20 });
    await system.addProduct({ productId: 'raita', vendorId: 'vendor-a', price: 3000, stock: 20 });
  });
  afterAll(() => system.close());

  it('gives the same answer for the same key and body, with one hold and one payment intent', async () => {
    const cart = [
      { productId: 'biryani', quantity: 2 },
      { productId: 'raita', quantity: 1 },
    ];
    const first = await system.checkout(cart, { idempotencyKey: 'key-same-1' });
    const again = await system.checkout([...cart].reverse(), { idempotencyKey: 'key-same-1' });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    // The replay says it is one; the first answer does not.
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await system.stockOf('biryani')).toEqual({ stock: 20, reserved: 2 });
    expect(system.sim!.stats().ordersCreated).toBe(1);
    const orders = await system.sql('select order_id from orders.orders');
    expect(orders).toHaveLength(1);
  });

  it('refuses the same key with another cart', async () => {
    await system.checkout([{ productId: 'raita', quantity: 1 }], { idempotencyKey: 'key-reused' });
    const res = await system.checkout([{ productId: 'raita', quantity: 3 }], { idempotencyKey: 'key-reused' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keeps keys apart per customer', async () => {
    const a = await system.checkout([{ productId: 'raita', quantity: 1 }], {
      idempotencyKey: 'shared-key',
      token: await customerToken('customer-a'),
    });
    const b = await system.checkout([{ productId: 'raita', quantity: 1 }], {
      idempotencyKey: 'shared-key',
      token: await customerToken('customer-b'),
    });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body.orderId).not.toBe(a.body.orderId);
  });

  it('lets concurrent duplicates through once: the others wait for the answer or are told it is in progress', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        system.checkout([{ productId: 'biryani', quantity: 1 }], { idempotencyKey: 'key-race' }),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((r) => r.body.orderId)).size).toBe(1);
    results.filter((r) => r.status !== 200).forEach((r) => expect(r.body.code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS'));
    const [{ n }] = (await system.sql<{ n: string }>(
      `select count(*) as n from orders.orders o join orders.idempotency_keys k on k.order_id = o.order_id where k.key = 'key-race'`,
    )) as [{ n: string }];
    expect(Number(n)).toBe(1);
    const [{ held }] = (await system.sql<{ held: string }>(
      `select count(*) as held from catalog.holds h join orders.orders o on o.order_id::text = h.order_reference join catalog.hold_items i using (order_reference) where i.product_id = 'biryani'`,
    )) as [{ held: string }];
    expect(Number(held)).toBe(2); // the first test's order and this one
  });

  it('lets the owner and the vendor read the order, and no one else', async () => {
    const res = await system.checkout([{ productId: 'raita', quantity: 2 }], { token: await customerToken('reader') });
    const orderId = res.body.orderId;
    const read = async (token: string) =>
      fetch(`${system.urls.order}/api/v1/orders/${orderId}`, { headers: { authorization: `Bearer ${token}` } });
    const { vendorToken } = await import('../support/tokens');
    const owner = await read(await customerToken('reader'));
    expect(owner.status).toBe(200);
    expect(await owner.json()).toMatchObject({
      orderId,
      status: 'CHECKOUT',
      vendorId: 'vendor-a',
      amount: 6000,
      currency: 'INR',
      items: [{ productId: 'raita', quantity: 2 }],
    });
    expect((await read(await vendorToken('vendor-a'))).status).toBe(200);
    expect((await read(await vendorToken('vendor-b'))).status).toBe(404);
    expect((await read(await customerToken('someone-else'))).status).toBe(404);
  });
});
