// The order repositories hand out typed rows: what PostgreSQL answers is mapped once, and jsonb
// columns (which take any JSON) are checked against the contracts before anything uses them. A
// row the contracts cannot describe is refused, not passed on to an answer or an event.
import { randomUUID } from 'node:crypto';
import { Database, createLogger } from '@saga/runtime';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';
import { orderEntities } from '../src/db/entities';
import { orderMigrations } from '../src/db/migrations';
import { findKey } from '../src/repositories/idempotency-key-repository';
import { findOrderById, lockForConfirmation, readOrder } from '../src/repositories/order-repository';
import { readTimeline } from '../src/repositories/order-timeline';

describe('the order repositories’ rows', () => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await Database.connect({
      url: database.url,
      schema: 'orders',
      migrations: orderMigrations,
      entities: orderEntities,
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

  const line = { productId: 'prod-1', vendorId: 'vendor-1', name: 'Tea', quantity: 2, unitPrice: 500, lineTotal: 1000 };

  const asDate = (t: Date | string | null) => (t === null ? null : new Date(t));
  const times = (row: {
    created_at: Date | string;
    updated_at: Date | string;
    expires_at: Date | string;
    placed_at: Date | string | null;
    answered_at: Date | string | null;
  }) => ({
    created_at: asDate(row.created_at),
    updated_at: asDate(row.updated_at),
    expires_at: asDate(row.expires_at),
    placed_at: asDate(row.placed_at),
    answered_at: asDate(row.answered_at),
  });

  async function insertOrder(items: unknown): Promise<string> {
    const orderId = randomUUID();
    await db.query(
      `insert into orders (order_id, customer_id, vendor_id, status, amount_paise, currency, items, expires_at)
       values ($1, 'customer-1', 'vendor-1', 'CHECKOUT', 1000, 'INR', $2, now() + interval '10 minutes')`,
      [orderId, JSON.stringify(items)],
    );
    return orderId;
  }

  it('maps an order row to its types: the amount as text, the items as priced lines, the times as read', async () => {
    const orderId = await insertOrder([line]);
    const row = await findOrderById(db, orderId);
    expect(row).toMatchObject({
      order_id: orderId,
      customer_id: 'customer-1',
      status: 'CHECKOUT',
      amount_paise: '1000',
      currency: 'INR',
      items: [line],
      payment_id: null,
      placed_at: null,
    });
    expect(new Date(row!.expires_at).getTime()).toBeGreaterThan(Date.now());
    expect(await findOrderById(db, randomUUID())).toBeUndefined();
    expect(await findOrderById(db, 'not-an-order-id')).toBeUndefined();
  });

  it('reads the same order through the EntityManager (the read view) as through SQL, to the row', async () => {
    const orderId = await insertOrder([line]);
    const sql = await findOrderById(db, orderId);
    const viaEntity = await readOrder(db, orderId);
    expect(viaEntity).toEqual({ ...sql, ...times(sql!) });
    expect(await readOrder(db, randomUUID())).toBeUndefined();
    expect(await readOrder(db, 'not-an-order-id')).toBeUndefined();
  });

  it('refuses an order whose items are not priced lines, in the read view and in the confirmation alike', async () => {
    const orderId = await insertOrder([{ productId: 'prod-1', quantity: 'two' }]);
    await expect(findOrderById(db, orderId)).rejects.toThrow();
    await expect(readOrder(db, orderId)).rejects.toThrow();
    await expect(db.transaction((tx) => lockForConfirmation(tx, orderId))).rejects.toThrow();
  });

  it('refuses a stored checkout answer that is not a CheckoutResponse instead of replaying it', async () => {
    await db.query(
      `insert into idempotency_keys (customer_id, key, request_hash, status, response) values ('customer-1', 'k-good', 'h', 'COMPLETED', $1), ('customer-1', 'k-bad', 'h', 'COMPLETED', $2)`,
      [
        JSON.stringify({
          orderId: 'o',
          status: 'CHECKOUT',
          amount: 1000,
          currency: 'INR',
          vendorId: 'vendor-1',
          items: [line],
          expiresAt: new Date().toISOString(),
          paymentIntent: {
            provider: 'razorpay',
            paymentProviderOrderId: 'order_1',
            keyId: 'rzp_test',
            amount: 1000,
            currency: 'INR',
            orderReference: 'o',
            status: 'CREATED',
          },
        }),
        JSON.stringify({ orderId: 'o', status: 'PAID' }),
      ],
    );
    expect(await findKey(db, 'customer-1', 'k-good')).toMatchObject({
      request_hash: 'h',
      status: 'COMPLETED',
      response: { orderId: 'o', paymentIntent: { paymentProviderOrderId: 'order_1' } },
    });
    await expect(findKey(db, 'customer-1', 'k-bad')).rejects.toThrow();
    expect(await findKey(db, 'customer-1', 'nobody')).toBeUndefined();
  });

  it('reads the timeline oldest first, a detail as an object or null', async () => {
    const orderId = await insertOrder([line]);
    await db.query(
      `insert into order_timeline (order_id, step, detail) values ($1, 'CHECKOUT_STARTED', '{"amount":1000}'), ($1, 'STOCK_HELD', null)`,
      [orderId],
    );
    const rows = await readTimeline(db, orderId);
    expect(rows.map(({ step, detail }) => ({ step, detail }))).toEqual([
      { step: 'CHECKOUT_STARTED', detail: { amount: 1000 } },
      { step: 'STOCK_HELD', detail: null },
    ]);
  });
});
