import { catalogService } from '@saga/catalog';
import { startSingleService, type SingleService } from '../../../tests/support/single-service';

const CHECK = '/api/v1/internal/products/check-availability';

describe('catalog: availability and holds', () => {
  let catalog: SingleService;
  const stock = async (id: string) =>
    (
      await catalog.sql<{ stock: number; reserved: number }>(
        'select stock, reserved from catalog.products where product_id = $1',
        [id],
      )
    )[0];
  const holdCount = async () =>
    Number((await catalog.sql<{ n: string }>('select count(*) as n from catalog.holds'))[0]!.n);

  beforeAll(async () => {
    catalog = await startSingleService(catalogService, { CHECKOUT_EXPIRY_SECONDS: '600' });
    await catalog.sql(`insert into catalog.products (product_id, vendor_id, name, price_paise, stock) values
      ('rice', 'vendor-a', 'Rice', 5000, 10), ('dal', 'vendor-a', 'Dal', 7000, 3), ('saree', 'vendor-b', 'Saree', 250000, 2),
      ('last-one', 'vendor-a', 'Last one', 100, 10)`);
  });
  afterAll(() => catalog.stop());

  it('lists products with prices in paise and what is available', async () => {
    const res = await catalog.get('/api/v1/products');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.arrayContaining([
        { productId: 'dal', vendorId: 'vendor-a', name: 'Dal', price: 7000, currency: 'INR', availableQuantity: 3 },
      ]),
    );
  });

  it('answers availability without an order reference and holds nothing', async () => {
    const res = await catalog.post(CHECK, { items: [{ productId: 'rice', quantity: 2 }] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      isAvailable: true,
      amount: 10000,
      hold: null,
      items: [{ productId: 'rice', unitPrice: 5000, lineTotal: 10000 }],
    });
    expect(await stock('rice')).toEqual({ stock: 10, reserved: 0 });
  });

  it('holds the stock for an order reference, and a repeated request holds it once', async () => {
    const body = { items: [{ productId: 'rice', quantity: 4 }], orderReference: 'order-hold-1' };
    const first = await catalog.post(CHECK, body);
    const second = await catalog.post(CHECK, body);
    expect(first.status).toBe(200);
    expect(first.body.hold).toMatchObject({ orderReference: 'order-hold-1', status: 'HELD' });
    expect(second.body).toEqual(first.body);
    expect(await stock('rice')).toEqual({ stock: 10, reserved: 4 });
  });

  it('refuses with 409 listing every unavailable item, and holds nothing', async () => {
    const before = await holdCount();
    const res = await catalog.post(CHECK, {
      items: [
        { productId: 'rice', quantity: 1 },
        { productId: 'dal', quantity: 5 },
      ],
      orderReference: 'order-short',
    });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      isAvailable: false,
      code: 'OUT_OF_STOCK',
      unavailableItems: [{ productId: 'dal', requested: 5, available: 3 }],
    });
    expect(await holdCount()).toBe(before);
    expect(await stock('dal')).toEqual({ stock: 3, reserved: 0 });
  });

  it('names the unknown product and the duplicated one as bad input', async () => {
    const unknown = await catalog.post(CHECK, {
      items: [
        { productId: 'rice', quantity: 1 },
        { productId: 'ghost', quantity: 1 },
      ],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'UNKNOWN_PRODUCT', invalidParams: [{ name: 'items[1].productId' }] });
    const duplicated = await catalog.post(CHECK, {
      items: [
        { productId: 'rice', quantity: 1 },
        { productId: 'rice', quantity: 1 },
      ],
    });
    expect(duplicated.status).toBe(400);
    expect(duplicated.body.invalidParams).toEqual([{ name: 'items[1].productId', reason: 'duplicated product' }]);
  });

  it('refuses a cart that spans vendors when one vendor is required', async () => {
    const res = await catalog.post(CHECK, {
      items: [
        { productId: 'rice', quantity: 1 },
        { productId: 'saree', quantity: 1 },
      ],
      orderReference: 'order-mixed',
      requireSingleVendor: true,
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'MULTIPLE_VENDORS', vendors: ['vendor-a', 'vendor-b'] });
    expect(await stock('saree')).toEqual({ stock: 2, reserved: 0 });
  });

  it('releases a hold once, however often it is asked', async () => {
    await catalog.post(CHECK, { items: [{ productId: 'saree', quantity: 2 }], orderReference: 'order-release' });
    expect(await stock('saree')).toEqual({ stock: 2, reserved: 2 });
    const first = await catalog.post('/api/v1/internal/holds/release', { orderReference: 'order-release' });
    const second = await catalog.post('/api/v1/internal/holds/release', { orderReference: 'order-release' });
    expect(first.body.status).toBe('RELEASED');
    expect(second.body.status).toBe('RELEASED');
    expect(await stock('saree')).toEqual({ stock: 2, reserved: 0 });
    const reuse = await catalog.post(CHECK, {
      items: [{ productId: 'saree', quantity: 1 }],
      orderReference: 'order-release',
    });
    expect(reuse).toMatchObject({ status: 409, body: { code: 'HOLD_CLOSED' } });
  });

  it('gives the stock of an expired hold back', async () => {
    await catalog.post(CHECK, {
      items: [{ productId: 'dal', quantity: 2 }],
      orderReference: 'order-expiring',
      holdSeconds: 1,
    });
    expect(await stock('dal')).toEqual({ stock: 3, reserved: 2 });
    await catalog.sql(
      `update catalog.holds set expires_at = now() - interval '1 second' where order_reference = 'order-expiring'`,
    );
    const worker = (await import('../src/holds/hold-expiry.worker')).holdExpiryWorker(
      catalog.ctx.db,
      catalog.ctx.logger,
      60_000,
    );
    expect(await worker.sweep()).toBe(1);
    expect(await stock('dal')).toEqual({ stock: 3, reserved: 0 });
    const [hold] = await catalog.sql<{ status: string }>(
      `select status from catalog.holds where order_reference = 'order-expiring'`,
    );
    expect(hold!.status).toBe('EXPIRED');
  });

  it('never oversells: 50 concurrent holds of one unit for 10 in stock give exactly 10', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        catalog.post(CHECK, { items: [{ productId: 'last-one', quantity: 1 }], orderReference: `race-${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    expect(await stock('last-one')).toEqual({ stock: 10, reserved: 10 });
  });

  it.each([
    [{ items: [] }, 'items'],
    [{ items: [{ productId: 'rice', quantity: 0 }] }, 'items[0].quantity'],
    [{ items: [{ productId: 'rice', quantity: 1.5 }] }, 'items[0].quantity'],
    [{ items: [{ productId: 'rice', quantity: '2' }] }, 'items[0].quantity'],
    [{ items: [{ productId: 'rice', quantity: 1 }], holdSeconds: -1 }, 'holdSeconds'],
  ])('refuses %j naming %s', async (body, field) => {
    const res = await catalog.post(CHECK, body);
    expect(res.status).toBe(400);
    expect(res.body.invalidParams.map((p: { name: string }) => p.name)).toContain(field);
  });
});
