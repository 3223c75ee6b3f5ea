import { catalogService } from '@saga/catalog';
import { holdExpiryWorker } from '../src/holds/hold-expiry.worker';
import { startSingleService, type SingleService } from '../../../tests/support/single-service';

const CHECK = '/api/v1/internal/products/check-availability';
const COMMIT = '/api/v1/internal/holds/commit';

describe('catalog: selling a hold', () => {
  let catalog: SingleService;
  const stock = async (id: string) =>
    (
      await catalog.sql<{ stock: number; reserved: number }>(
        'select stock, reserved from catalog.products where product_id = $1',
        [id],
      )
    )[0];
  const hold = async (ref: string) =>
    (
      await catalog.sql<{ status: string; reason: string | null }>(
        'select status, reason from catalog.holds where order_reference = $1',
        [ref],
      )
    )[0];

  beforeAll(async () => {
    catalog = await startSingleService(catalogService, { CHECKOUT_EXPIRY_SECONDS: '600' });
    await catalog.sql(`insert into catalog.products (product_id, vendor_id, name, price_paise, stock) values
      ('ghee', 'vendor-a', 'Ghee', 55000, 10), ('jaggery', 'vendor-a', 'Jaggery', 9000, 20), ('honey', 'vendor-a', 'Honey', 30000, 5)`);
  });
  afterAll(() => catalog.stop());

  it('holds each line at its own quantity and price, and a sale sent twice sells it once', async () => {
    const held = await catalog.post(CHECK, {
      items: [
        { productId: 'jaggery', quantity: 7 },
        { productId: 'ghee', quantity: 2 },
      ],
      orderReference: 'order-two-lines',
    });
    expect(held.status).toBe(200);
    const lines = await catalog.sql(
      'select product_id, quantity, unit_price_paise::int as price from catalog.hold_items where order_reference = $1 order by product_id',
      ['order-two-lines'],
    );
    expect(lines).toEqual([
      { product_id: 'ghee', quantity: 2, price: 55000 },
      { product_id: 'jaggery', quantity: 7, price: 9000 },
    ]);
    expect([await stock('ghee'), await stock('jaggery')]).toEqual([
      { stock: 10, reserved: 2 },
      { stock: 20, reserved: 7 },
    ]);

    const first = await catalog.post(COMMIT, { orderReference: 'order-two-lines' });
    const second = await catalog.post(COMMIT, { orderReference: 'order-two-lines' });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body).toEqual({ orderReference: 'order-two-lines', status: 'SOLD' });
    expect([await stock('ghee'), await stock('jaggery')]).toEqual([
      { stock: 8, reserved: 0 },
      { stock: 13, reserved: 0 },
    ]);

    // The hold's own answer, replayed after the sale: its lines at the prices they were held at.
    const replay = await catalog.post(CHECK, {
      items: [
        { productId: 'jaggery', quantity: 7 },
        { productId: 'ghee', quantity: 2 },
      ],
      orderReference: 'order-two-lines',
    });
    expect(replay.body).toMatchObject({
      amount: held.body.amount,
      items: held.body.items
        .slice()
        .sort((a: { productId: string }, b: { productId: string }) => a.productId.localeCompare(b.productId)),
      hold: { status: 'SOLD' },
    });
  });

  it('sells a hold that lapsed from the stock still free, and says so in the hold', async () => {
    await catalog.post(CHECK, { items: [{ productId: 'honey', quantity: 2 }], orderReference: 'order-lapsed' });
    await catalog.sql(
      `update catalog.holds set expires_at = now() - interval '1 second' where order_reference = 'order-lapsed'`,
    );
    expect(await holdExpiryWorker(catalog.ctx.db, catalog.ctx.logger, 60_000).sweep()).toBe(1);
    expect(await stock('honey')).toEqual({ stock: 5, reserved: 0 });

    const sold = await catalog.post(COMMIT, { orderReference: 'order-lapsed' });
    expect(sold.status).toBe(200);
    expect(await stock('honey')).toEqual({ stock: 3, reserved: 0 });
    expect(await hold('order-lapsed')).toEqual({ status: 'SOLD', reason: 'sold after the hold lapsed' });
    expect((await catalog.post(COMMIT, { orderReference: 'order-lapsed' })).status).toBe(200);
    expect(await stock('honey')).toEqual({ stock: 3, reserved: 0 });
  });

  it('answers 404 for an order it never held, and changes nothing', async () => {
    const res = await catalog.post(COMMIT, { orderReference: 'order-never-held' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await hold('order-never-held')).toBeUndefined();
  });
});
