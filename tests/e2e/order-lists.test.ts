// The two order lists: a customer's own orders (GET /api/v1/orders) and a vendor's queue
// (GET /api/v1/vendor/orders, default PENDING_VENDOR_ACCEPTANCE), newest first, page by page.
import { orderApi, placedOrder } from '../support/order-api';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { customerToken, vendorToken } from '../support/tokens';

describe('order lists', () => {
  let system: TestSystem;
  let api: ReturnType<typeof orderApi>;
  let customer: string;
  let vendor: string;
  const placed: string[] = [];
  let unpaid: string;

  beforeAll(async () => {
    system = await startTestSystem();
    api = orderApi(system.urls.order);
    customer = await customerToken('customer-lists');
    vendor = await vendorToken('vendor-lists');
    for (let i = 0; i < 4; i++) placed.push((await placedOrder(system, 'vendor-lists', customer, 11_000 + i)).orderId);
    await api.accept(placed[0]!, vendor);
    await system.addProduct({ productId: 'list-unpaid', vendorId: 'vendor-lists', price: 5000, stock: 5 });
    unpaid = (await system.checkout([{ productId: 'list-unpaid', quantity: 1 }], { token: customer })).body.orderId;
    // Someone else's orders, with the same vendor and with another one.
    await placedOrder(system, 'vendor-lists', await customerToken('customer-other'));
    await placedOrder(system, 'vendor-other', await customerToken('customer-other'));
  });
  afterAll(() => system.close());

  const ids = (answer: { body: { orders: Array<{ orderId: string }> } }) => answer.body.orders.map((o) => o.orderId);

  it('a customer sees their own orders only, newest first', async () => {
    const answer = await api.customerOrders(customer);
    expect(answer.status).toBe(200);
    expect(ids(answer)).toEqual([unpaid, ...[...placed].reverse()]);
    expect(answer.body.next).toBeUndefined();
    expect(answer.body.orders[0]).toMatchObject({
      orderId: unpaid,
      status: 'CHECKOUT',
      customerId: 'customer-lists',
      items: expect.any(Array),
      amount: 5000,
      createdAt: expect.any(String),
    });
  });

  it('a customer pages through them with limit and cursor, each order once', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 10; page++) {
      const answer = await api.customerOrders(customer, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      expect(answer.body.orders.length).toBeLessThanOrEqual(2);
      seen.push(...ids(answer));
      if (!answer.body.next) break;
      cursor = answer.body.next;
    }
    expect(seen).toEqual([unpaid, ...[...placed].reverse()]);
  });

  it('a customer filters by status', async () => {
    expect(ids(await api.customerOrders(customer, '?status=ACCEPTED'))).toEqual([placed[0]]);
  });

  it('a vendor sees its queue by default: its own orders waiting for an answer, with items, amount and time', async () => {
    const answer = await api.vendorOrders(vendor);
    expect(answer.status).toBe(200);
    expect(
      answer.body.orders.every(
        (o: { vendorId: string; status: string }) =>
          o.vendorId === 'vendor-lists' && o.status === 'PENDING_VENDOR_ACCEPTANCE',
      ),
    ).toBe(true);
    expect(ids(answer)).toEqual(expect.arrayContaining(placed.slice(1)));
    expect(ids(answer)).toHaveLength(4); // three of this customer's, one of the other customer's
    expect(answer.body.orders[0]).toMatchObject({
      items: [expect.objectContaining({ quantity: 1 })],
      amount: expect.any(Number),
      createdAt: expect.any(String),
      placedAt: expect.any(String),
      vendorAnswerDueAt: expect.any(String),
    });
  });

  it('a vendor asks for another status', async () => {
    expect(ids(await api.vendorOrders(vendor, '?status=ACCEPTED'))).toEqual([placed[0]]);
    expect(ids(await api.vendorOrders(vendor, '?status=CHECKOUT'))).toEqual([unpaid]);
  });

  it.each([
    ['a status that does not exist', '?status=SHIPPED', 'status'],
    ['two statuses', '?status=ACCEPTED&status=REJECTED', 'status'],
    ['a limit of 0', '?limit=0', 'limit'],
    ['a limit over 100', '?limit=101', 'limit'],
    ['a limit that is not a number', '?limit=ten', 'limit'],
    ['a fractional limit', '?limit=1.5', 'limit'],
    ['a cursor this API never gave out', '?cursor=bm90LWEtY3Vyc29y', 'cursor'],
  ])('%s: 400 naming %s, on both lists', async (_case, query, field) => {
    for (const answer of [await api.customerOrders(customer, query), await api.vendorOrders(vendor, query)]) {
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.invalidParams.map((p: { name: string }) => p.name)).toEqual([field]);
    }
  });

  it('refuses the wrong tokens: none 401, a vendor on the customer list 403, a customer on the vendor list 403', async () => {
    expect(await api.customerOrders(undefined)).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(await api.vendorOrders(undefined)).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(await api.customerOrders(vendor)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await api.vendorOrders(customer)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });
});
