// A rejected order gives its stock back: the sale's quantities return to `stock` once per order,
// whether the same OrderRejected is delivered again or a replay brings it under another event id.
import { randomUUID } from 'node:crypto';
import { catalogService } from '@saga/catalog';
import { OrderRejected, TOPICS } from '@saga/contracts';
import { newEvent } from '@saga/runtime';
import { startSingleService, type SingleService } from '../../../tests/support/single-service';

const CHECK = '/api/v1/internal/products/check-availability';
const COMMIT = '/api/v1/internal/holds/commit';

const rejected = (orderId: string) =>
  OrderRejected.parse(
    newEvent('OrderRejected', {
      orderId,
      customerId: 'customer-1',
      vendorId: 'vendor-a',
      reason: 'kitchen closed',
      rejectedBy: 'vendor' as const,
      paymentId: 'pay_restock00001',
      amount: 700,
      currency: 'INR' as const,
      rejectedAt: new Date().toISOString(),
    }),
  );

describe('catalog: a rejected order gives its stock back', () => {
  let catalog: SingleService;

  beforeAll(async () => {
    catalog = await startSingleService(catalogService, { CHECKOUT_EXPIRY_SECONDS: '600' });
  });
  afterAll(() => catalog.stop());

  /** Two products of its own (10 and 5 in stock), so each test reads only what it changed. */
  async function products(): Promise<[string, string]> {
    const ids: [string, string] = [`p-${randomUUID()}`, `p-${randomUUID()}`];
    await catalog.sql(
      `insert into catalog.products (product_id, vendor_id, name, price_paise, stock) values ($1, 'vendor-a', 'One', 100, 10), ($2, 'vendor-a', 'Two', 200, 5)`,
      ids,
    );
    return ids;
  }
  const stockOf = (ids: string[]) =>
    catalog.sql<{ product_id: string; stock: number; reserved: number }>(
      'select product_id, stock, reserved from catalog.products where product_id = any($1) order by product_id',
      [ids],
    );
  async function soldOrder(ids: [string, string]): Promise<string> {
    const orderId = randomUUID();
    const held = await catalog.post(CHECK, {
      items: [
        { productId: ids[0], quantity: 3 },
        { productId: ids[1], quantity: 2 },
      ],
      orderReference: orderId,
    });
    expect(held.status).toBe(200);
    expect(await catalog.post(COMMIT, { orderReference: orderId })).toMatchObject({
      status: 200,
      body: { status: 'SOLD' },
    });
    return orderId;
  }

  it('when a placed order is rejected by its vendor, then its stock is back to what it was before the sale', async () => {
    const ids = await products();
    const before = await stockOf(ids);
    const orderId = await soldOrder(ids);
    expect((await stockOf(ids)).map((p) => p.stock)).toEqual(ids[0] < ids[1] ? [7, 3] : [3, 7]);

    await catalog.hub.publish(TOPICS.orderEvents, rejected(orderId));

    expect(await stockOf(ids)).toEqual(before);
    const [hold] = await catalog.sql('select status, restocked_at from catalog.holds where order_reference = $1', [
      orderId,
    ]);
    expect(hold).toMatchObject({ status: 'SOLD', restocked_at: expect.any(Date) });
  });

  it('when the same OrderRejected arrives twice, or is replayed under a new event id, then the stock comes back once', async () => {
    const ids = await products();
    const before = await stockOf(ids);
    const orderId = await soldOrder(ids);
    const event = rejected(orderId);
    const replayed = rejected(orderId);

    await catalog.hub.publish(TOPICS.orderEvents, event);
    await catalog.hub.publish(TOPICS.orderEvents, event);
    await catalog.hub.publish(TOPICS.orderEvents, replayed);

    expect(await stockOf(ids)).toEqual(before);
    // Both event ids were consumed: the inbox stopped the redelivery, the sale's state stopped the replay.
    const inbox = await catalog.sql('select event_id from catalog.inbox where consumer = $1 and event_id = any($2)', [
      'catalog.OrderRejected',
      [event.eventId, replayed.eventId],
    ]);
    expect(inbox).toHaveLength(2);
  });

  it('when an OrderRejected names an order the catalog never sold, then it is consumed and nothing changes', async () => {
    const ids = await products();
    const before = await stockOf(ids);
    const holdsBefore = await catalog.sql(
      'select order_reference, status, restocked_at from catalog.holds order by order_reference',
    );
    const event = rejected(`unknown-${randomUUID()}`);

    await catalog.hub.publish(TOPICS.orderEvents, event);

    expect(await stockOf(ids)).toEqual(before);
    expect(
      await catalog.sql('select order_reference, status, restocked_at from catalog.holds order by order_reference'),
    ).toEqual(holdsBefore);
    expect(await catalog.sql('select 1 from catalog.inbox where event_id = $1', [event.eventId])).toHaveLength(1);
  });
});
