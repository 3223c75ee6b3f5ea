// An order its vendor leaves unanswered for VENDOR_ACCEPTANCE_TIMEOUT_SECONDS is rejected with that
// reason and refunded, once, however many replicas sweep at the same time.
import { type RunningService, startService } from '@saga/runtime';
import { orderService } from '@saga/order';
import { probe } from '../support/event-probe';
import { orderApi, placedOrder } from '../support/order-api';
import { settle } from '../support/settle';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { customerToken, vendorToken } from '../support/tokens';
import { until } from '../support/until';

const statusOf = async (system: TestSystem, orderId: string) =>
  (
    await system.sql<{ status: string; status_reason: string | null }>(
      'select status, status_reason from orders.orders where order_id = $1',
      [orderId],
    )
  )[0];

describe('with VENDOR_ACCEPTANCE_TIMEOUT_SECONDS=1', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ env: { VENDOR_ACCEPTANCE_TIMEOUT_SECONDS: '1' } });
  });
  afterAll(() => system.close());

  it('when the vendor does not answer, then the order is rejected with the timeout as its reason, refunded once, and a late answer is 409', async () => {
    const customer = await customerToken('customer-waiting');
    const orderEvents = probe(system.hub, 'order-events');
    const { orderId, paymentId } = await placedOrder(system, 'vendor-asleep', customer);
    const placed = await orderApi(system.urls.order).get(orderId, customer);
    expect(Date.parse(placed.body.vendorAnswerDueAt) - Date.parse(placed.body.placedAt)).toBe(1000);

    const order = await until(
      () => statusOf(system, orderId),
      (o) => o?.status === 'REJECTED',
      10_000,
      50,
    );
    await settle(system);
    expect(order).toEqual({ status: 'REJECTED', status_reason: 'the vendor did not answer within 1 seconds' });
    const rejected = orderEvents
      .ofType('OrderRejected')
      .filter((e) => (e.payload as { orderId: string }).orderId === orderId);
    expect(rejected.map((e) => e.payload)).toEqual([expect.objectContaining({ rejectedBy: 'timeout', paymentId })]);
    expect(await system.sql('select status from payments.refunds where payment_id = $1', [paymentId])).toEqual([
      { status: 'PROCESSED' },
    ]);

    const late = await orderApi(system.urls.order).accept(orderId, await vendorToken('vendor-asleep'));
    expect(late.body).toMatchObject({ status: 409, code: 'ORDER_STATE_CONFLICT', orderStatus: 'REJECTED' });
  });
});

describe('two order replicas sweeping the same overdue orders at once', () => {
  let system: TestSystem;
  let replica2: RunningService;
  beforeAll(async () => {
    // A timeout long enough that the orders are due only when the test says so.
    system = await startTestSystem({ env: { VENDOR_ACCEPTANCE_TIMEOUT_SECONDS: '60' } });
    replica2 = await startService(orderService, {
      config: system.config,
      env: system.env,
      logger: system.logger,
      databaseUrl: system.database.url,
      hub: system.hub,
      port: 0,
    });
  });
  afterAll(async () => {
    await replica2.close();
    await system.close();
  });

  it('then each order is rejected once, with one OrderRejected and one refund', async () => {
    const customer = await customerToken('customer-many');
    const orders = [];
    for (let i = 0; i < 6; i++) orders.push(await placedOrder(system, 'vendor-away', customer, 10_000 + i));
    const orderEvents = probe(system.hub, 'order-events');
    const ids = orders.map((o) => o.orderId);
    await system.sql(
      `update orders.orders set placed_at = now() - interval '61 seconds' where order_id = any($1::uuid[])`,
      [ids],
    );

    const sweeps = [
      system.services.order.workers['vendor-answer-timeout'],
      replica2.workers['vendor-answer-timeout'],
    ].flatMap((w) => [w, w]);
    const counts = await Promise.all(sweeps.map((w) => (w as unknown as { runOnce(): Promise<number> }).runOnce()));
    await settle(system);

    expect(counts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(6); // the background sweeps may take some
    for (const id of ids) expect((await statusOf(system, id))?.status).toBe('REJECTED');
    const about = (type: string) =>
      orderEvents
        .ofType(type)
        .map((e) => (e.payload as { orderId: string }).orderId)
        .sort();
    expect(about('OrderRejected')).toEqual([...ids].sort());
    expect(about('RefundRequested')).toEqual([...ids].sort());
    const refunds = await system.sql<{ n: number }>(
      'select count(*)::int as n from payments.refunds where order_reference = any($1)',
      [ids],
    );
    expect(refunds).toEqual([{ n: 6 }]);
  });
});
