// The order a payment event refers to: looked up by its primary key (an index scan, not a read of
// the whole orders table), and a reference that is no order id handled as "no such order", so the
// event is consumed instead of retried until dead-lettered.
import { randomUUID } from 'node:crypto';
import { TOPICS } from '@saga/contracts';
import { newEvent, type Queryable } from '@saga/runtime';
import { type SingleService, startSingleService } from '../../../tests/support/single-service';
import { orderService } from '../src';
import { findByReference } from '../src/repositories/order-repository';

describe('the order a payment event refers to', () => {
  let order: SingleService;
  const knownOrderId = randomUUID();

  beforeAll(async () => {
    order = await startSingleService(orderService);
    // Enough orders that the planner's choice shows: a primary key lookup, or a scan of them all.
    await order.sql(
      `insert into orders.orders (order_id, customer_id, vendor_id, status, amount_paise, currency, items, expires_at)
       select gen_random_uuid(), 'customer-' || n, 'vendor-ref', 'EXPIRED', 1000, 'INR', '[]', now()
         from generate_series(1, 5000) n`,
    );
    await order.sql(
      `insert into orders.orders (order_id, customer_id, vendor_id, status, amount_paise, currency, items, expires_at)
       values ($1, 'customer-ref', 'vendor-ref', 'CHECKOUT', 1000, 'INR', '[]', now() + interval '10 minutes')`,
      [knownOrderId],
    );
    await order.sql('analyze orders.orders');
  });
  afterAll(() => order.stop());

  it('finds the order through the primary key index', async () => {
    const plans: string[] = [];
    // The lookup's own statement, planned by PostgreSQL instead of run.
    const explain: Queryable = {
      query: async (sql, params) => {
        plans.push(JSON.stringify(await order.ctx.db.query(`explain (format json) ${sql}`, params)));
        return [];
      },
      send: async () => undefined,
    };
    await findByReference(explain, knownOrderId);
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatch(/"Node Type":"Index (Only )?Scan"/);
    expect(plans[0]).toContain('"Index Name":"orders_pkey"');
    expect(plans[0]).not.toContain('Seq Scan');
  });

  it('answers the order id for a reference to it, and nothing for an unknown or malformed one', async () => {
    expect(await findByReference(order.ctx.db, knownOrderId)).toMatchObject({
      order_id: knownOrderId,
      status: 'CHECKOUT',
    });
    expect(await findByReference(order.ctx.db, knownOrderId.toUpperCase())).toMatchObject({ order_id: knownOrderId });
    expect(await findByReference(order.ctx.db, randomUUID())).toBeUndefined();
    expect(await findByReference(order.ctx.db, 'order-123')).toBeUndefined();
    expect(await findByReference(order.ctx.db, `${knownOrderId}' or '1'='1`)).toBeUndefined();
  });

  it('records a failed attempt and a refund on the order once, and consumes events naming no order', async () => {
    const failed = newEvent('PaymentFailed', {
      orderReference: knownOrderId,
      paymentProviderOrderId: 'order_ref1',
      paymentId: 'pay_ref1',
      reason: 'payment_failed',
      errorCode: 'BAD_REQUEST_ERROR',
    });
    const refunded = newEvent('PaymentRefunded', {
      orderReference: knownOrderId,
      paymentId: 'pay_ref1',
      refundId: 'rfnd_ref1',
      amount: 1000,
      currency: 'INR' as const,
      reason: 'test',
      refundedAt: new Date().toISOString(),
    });
    const malformed = newEvent('PaymentFailed', {
      orderReference: 'not-an-order-id',
      paymentProviderOrderId: 'order_ref2',
      paymentId: null,
      reason: 'payment_failed',
      errorCode: null,
    });
    const unknownRefund = newEvent('PaymentRefunded', {
      orderReference: 'ref-42',
      paymentId: 'pay_ref2',
      refundId: 'rfnd_ref2',
      amount: 1000,
      currency: 'INR' as const,
      reason: 'test',
      refundedAt: new Date().toISOString(),
    });

    for (const event of [failed, refunded, malformed, unknownRefund, failed, refunded])
      await order.hub.publish(TOPICS.paymentEvents, event);

    const steps = await order.sql<{ step: string }>(
      'select step from orders.order_timeline where order_id = $1 order by id',
      [knownOrderId],
    );
    expect(steps.map((s) => s.step)).toEqual(['PAYMENT_ATTEMPT_FAILED', 'REFUNDED']);
    const consumed = await order.sql<{ event_id: string }>(
      'select event_id from orders.inbox where event_id = any($1::text[]) order by event_id',
      [[malformed.eventId, unknownRefund.eventId]],
    );
    expect(consumed).toHaveLength(2);
    expect(await order.sql('select count(*)::int as n from orders.dead_letters')).toEqual([{ n: 0 }]);
  });
});
