// changeWithSteps: a change to an order and its timeline rows in one statement. The rows follow
// the change: written in the order given when it touched the order, not at all when it did not,
// and never when it failed.
import { Database, createLogger } from '@saga/runtime';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';
import { orderMigrations } from '../src/db/migrations';
import { changeWithSteps, sendChangeWithSteps } from '../src/repositories/order-timeline';

describe('an order change with its timeline rows, as one statement', () => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await Database.connect({
      url: database.url,
      schema: 'orders',
      migrations: orderMigrations,
      logger: createLogger({ level: 'silent' }),
      poolSize: 2,
      serverFeatures: true,
    });
    await db.migrate();
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  const insertOrder = (orderId: string) =>
    changeWithSteps(
      db,
      `insert into orders (order_id, customer_id, vendor_id, status, amount_paise, currency, items, expires_at)
       values ($1, 'cust', 'vend', 'CHECKOUT', 100, 'INR', '[]', now() + interval '10 minutes')`,
      [orderId],
      [['CHECKOUT_STARTED', { amount: 100 }], ['STOCK_HELD'], ['PAYMENT_INTENT_CREATED', { n: 3 }]],
    );
  const steps = (orderId: string) =>
    db.query<{ step: string; detail: unknown }>(
      'select step, detail from order_timeline where order_id = $1 order by id',
      [orderId],
    );
  const confirm = (orderId: string) =>
    changeWithSteps(
      db,
      `update orders set status = 'CONFIRMING_PAYMENT' where order_id = $1 and status = 'CHECKOUT'`,
      [orderId],
      [['PAYMENT_CONFIRMED', { paymentId: 'pay_1' }]],
    );

  it('writes the rows in the order given, with their details, once the change is made', async () => {
    const orderId = randomUUID();
    expect(await insertOrder(orderId)).toBe(true);
    expect(await steps(orderId)).toEqual([
      { step: 'CHECKOUT_STARTED', detail: { amount: 100 } },
      { step: 'STOCK_HELD', detail: null },
      { step: 'PAYMENT_INTENT_CREATED', detail: { n: 3 } },
    ]);
  });

  it('writes no row when the change touches no order, and says so', async () => {
    const orderId = randomUUID();
    await insertOrder(orderId);
    expect(await confirm(orderId)).toBe(true);
    expect(await confirm(orderId)).toBe(false); // no longer in CHECKOUT
    expect(await confirm(randomUUID())).toBe(false); // no such order
    expect((await steps(orderId)).map((s) => s.step)).toEqual([
      'CHECKOUT_STARTED',
      'STOCK_HELD',
      'PAYMENT_INTENT_CREATED',
      'PAYMENT_CONFIRMED',
    ]);
  });

  it('writes nothing when the change fails', async () => {
    const orderId = randomUUID();
    await insertOrder(orderId);
    await expect(insertOrder(orderId)).rejects.toThrow(/duplicate key/);
    expect(await steps(orderId)).toHaveLength(3);
  });

  it('goes out with the rest of a transaction, and rolls back with it', async () => {
    const orderId = randomUUID();
    await insertOrder(orderId);
    await expect(
      db.transaction(async (tx) => {
        await sendChangeWithSteps(
          tx,
          `update orders set status = 'CANCELLED' where order_id = $1`,
          [orderId],
          [['CANCELLED', { reason: 'test' }]],
        );
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(
      (await db.query<{ status: string }>('select status from orders where order_id = $1', [orderId]))[0]!.status,
    ).toBe('CHECKOUT');
    expect(await steps(orderId)).toHaveLength(3);
  });
});
