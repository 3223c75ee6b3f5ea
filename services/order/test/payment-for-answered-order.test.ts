// A PaymentConfirmed for an order its vendor has already answered (reconciliation sends a
// confirmation again under a new event id; a second payment on the same Razorpay order) leaves the
// answer as it is: its own payment again changes nothing, another payment is refunded.
import { randomUUID } from 'node:crypto';
import { TOPICS } from '@saga/contracts';
import { newEvent } from '@saga/runtime';
import { type SingleService, startSingleService } from '../../../tests/support/single-service';
import { orderService } from '../src';

describe('a payment confirmed for an order its vendor has answered', () => {
  let order: SingleService;

  beforeAll(async () => {
    order = await startSingleService(orderService);
  });
  afterAll(() => order.stop());

  async function answeredOrder(status: 'ACCEPTED' | 'REJECTED'): Promise<string> {
    const orderId = randomUUID();
    await order.sql(
      `insert into orders.orders (order_id, customer_id, vendor_id, status, amount_paise, currency, items, expires_at, payment_id, placed_at, answered_at)
       values ($1, 'customer-1', 'vendor-1', $2, 1000, 'INR', '[]', now(), 'pay_own', now(), now())`,
      [orderId, status],
    );
    return orderId;
  }

  const confirmation = (orderId: string, paymentId: string) =>
    newEvent('PaymentConfirmed', {
      orderReference: orderId,
      paymentProviderOrderId: 'order_1',
      paymentId,
      amount: 1000,
      currency: 'INR' as const,
      method: 'upi',
      capturedAt: new Date().toISOString(),
    });

  const stateOf = async (orderId: string) => ({
    status: (await order.sql<{ status: string }>('select status from orders.orders where order_id = $1', [orderId]))[0]!
      .status,
    steps: await order.sql<{ step: string; payment_id: string | null }>(
      `select step, detail->>'paymentId' as payment_id from orders.order_timeline where order_id = $1 order by id`,
      [orderId],
    ),
    published: await order.sql<{ type: string; payment_id: string }>(
      `select event->>'eventType' as type, event->'payload'->>'paymentId' as payment_id from orders.outbox where event->'payload'->>'orderId' = $1 order by created_at`,
      [orderId],
    ),
  });

  it.each(['ACCEPTED', 'REJECTED'] as const)(
    'an order %s stays so when its own payment is confirmed again, twice',
    async (status) => {
      const orderId = await answeredOrder(status);
      await order.hub.publish(TOPICS.paymentEvents, confirmation(orderId, 'pay_own'));
      await order.hub.publish(TOPICS.paymentEvents, confirmation(orderId, 'pay_own'));
      expect(await stateOf(orderId)).toEqual({ status, steps: [], published: [] });
    },
  );

  it.each(['ACCEPTED', 'REJECTED'] as const)(
    'an order %s stays so and refunds another payment once',
    async (status) => {
      const orderId = await answeredOrder(status);
      const second = confirmation(orderId, 'pay_second');
      await order.hub.publish(TOPICS.paymentEvents, second);
      await order.hub.publish(TOPICS.paymentEvents, second);
      expect(await stateOf(orderId)).toEqual({
        status,
        steps: [{ step: 'REFUND_REQUESTED', payment_id: 'pay_second' }],
        published: [{ type: 'RefundRequested', payment_id: 'pay_second' }],
      });
    },
  );
});
