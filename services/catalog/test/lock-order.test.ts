// Every path that locks several products locks them in product id order, as the hold does. A sale,
// a release or an expiry sweep that locked them in another order could deadlock with a checkout holding the same
// products (seen under load: PostgreSQL then aborts one of the two after a second).
//
// The proof: a session locks the first product; the sale (release, sweep) must wait there without
// having locked the second one, so another session can still take the second with NOWAIT.
import { catalogService } from '@saga/catalog';
import { Client } from 'pg';
import { holdExpiryWorker } from '../src/holds/hold-expiry.worker';
import { startSingleService, type SingleService } from '../../../tests/support/single-service';

const CHECK = '/api/v1/internal/products/check-availability';

describe('catalog: products are locked in product id order', () => {
  let catalog: SingleService;
  let blocker: Client;
  let prober: Client;

  beforeAll(async () => {
    catalog = await startSingleService(catalogService, { CHECKOUT_EXPIRY_SECONDS: '600' });
    // The second product is stored first, so a join in storage order meets it first.
    await catalog.sql(
      `insert into catalog.products (product_id, vendor_id, name, price_paise, stock) values ('p-2', 'vendor-a', 'Two', 100, 10)`,
    );
    await catalog.sql(
      `insert into catalog.products (product_id, vendor_id, name, price_paise, stock) values ('p-1', 'vendor-a', 'One', 100, 10)`,
    );
    blocker = new Client({ connectionString: catalog.database.url });
    prober = new Client({ connectionString: catalog.database.url });
    await Promise.all([blocker.connect(), prober.connect()]);
  });
  afterAll(async () => {
    await Promise.all([blocker.end(), prober.end()]);
    await catalog.stop();
  });

  /** Waits until some session of this database waits for a row lock. */
  async function untilSomeoneWaitsForALock(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const rows = await catalog.sql(
        `select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (rows.length) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('nobody ever waited for the lock');
  }

  async function secondProductIsFreeWhileFirstIsBlocked<T>(
    call: () => Promise<T>,
  ): Promise<{ secondFree: boolean; result: T }> {
    await blocker.query('begin');
    await blocker.query(`select 1 from catalog.products where product_id = 'p-1' for update`);
    const pending = call();
    await untilSomeoneWaitsForALock();
    let secondFree = true;
    await prober.query('begin');
    try {
      await prober.query(`select 1 from catalog.products where product_id = 'p-2' for update nowait`);
    } catch {
      secondFree = false; // taken out of order by the call under test
    }
    await prober.query('rollback');
    await blocker.query('commit');
    return { secondFree, result: await pending };
  }

  const hold = (orderReference: string) =>
    catalog.post(CHECK, {
      items: [
        { productId: 'p-2', quantity: 1 },
        { productId: 'p-1', quantity: 1 },
      ],
      orderReference,
    });
  /** Each test ends with nothing reserved: one unit of each product sold (by the first test), the rest free. */
  const expectNothingReserved = async () =>
    expect(await catalog.sql('select product_id, stock, reserved from catalog.products order by product_id')).toEqual([
      { product_id: 'p-1', stock: 9, reserved: 0 },
      { product_id: 'p-2', stock: 9, reserved: 0 },
    ]);

  it.each([
    ['commits a sale', '/api/v1/internal/holds/commit', 'order-sale', 'SOLD'],
    ['releases a hold', '/api/v1/internal/holds/release', 'order-release', 'RELEASED'],
  ])('%s locking the products in order', async (_name, path, orderReference, status) => {
    expect((await hold(orderReference)).status).toBe(200);
    const { secondFree, result } = await secondProductIsFreeWhileFirstIsBlocked(() =>
      catalog.post(path, { orderReference }),
    );
    expect(result).toMatchObject({ status: 200, body: { status } });
    expect(secondFree).toBe(true);
    await expectNothingReserved();
  });

  it('sweeps expired holds locking all their products in order, not hold by hold', async () => {
    // Swept in expiry order: the hold on p-2 first, then the one on p-1.
    expect(
      (await catalog.post(CHECK, { items: [{ productId: 'p-2', quantity: 1 }], orderReference: 'order-sweep-x' }))
        .status,
    ).toBe(200);
    expect(
      (await catalog.post(CHECK, { items: [{ productId: 'p-1', quantity: 1 }], orderReference: 'order-sweep-y' }))
        .status,
    ).toBe(200);
    await catalog.sql(
      `update catalog.holds set expires_at = now() - interval '2 seconds' where order_reference = 'order-sweep-x'`,
    );
    await catalog.sql(
      `update catalog.holds set expires_at = now() - interval '1 second' where order_reference = 'order-sweep-y'`,
    );
    const worker = holdExpiryWorker(catalog.ctx.db, catalog.ctx.logger, 60_000);
    const { secondFree, result } = await secondProductIsFreeWhileFirstIsBlocked(() => worker.sweep());
    expect(result).toBe(2);
    expect(secondFree).toBe(true);
    await expectNothingReserved();
  });
});
