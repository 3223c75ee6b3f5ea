import { startTestSystem, type TestSystem } from '../support/test-system';
import { customerToken } from '../support/tokens';

describe('checkout under contention', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ env: { DB_POOL_SIZE: '20' } });
    await system.addProduct({ productId: 'festival-box', vendorId: 'vendor-a', price: 50000, stock: 10 });
  });
  afterAll(() => system.close());

  it('50 parallel checkouts for 10 in stock give exactly 10 successes and 40 conflicts, and stock never goes below zero', async () => {
    const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => customerToken(`buyer-${i}`)));
    const results = await Promise.all(
      tokens.map((token) => system.checkout([{ productId: 'festival-box', quantity: 1 }], { token })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    results
      .filter((r) => r.status === 409)
      .forEach((r) =>
        expect(r.body.unavailableItems).toEqual([{ productId: 'festival-box', requested: 1, available: 0 }]),
      );

    const stock = await system.stockOf('festival-box');
    expect(stock).toEqual({ stock: 10, reserved: 10 });
    const [{ orders }] = (await system.sql<{ orders: string }>('select count(*) as orders from orders.orders')) as [
      { orders: string },
    ];
    expect(Number(orders)).toBe(10);
    expect(system.sim!.stats().ordersCreated).toBe(10);
  });
});
