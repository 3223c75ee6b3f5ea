// Razorpay Checkout's callback (POST /api/v1/orders/{orderId}/payment): verified in constant time
// with the key secret, then applied through the same path as the webhook and reconciliation.
// Whichever of the three comes first confirms the payment; the others, and the same callback
// again, change nothing. A bad signature is 400 and changes nothing.
import { createHmac, randomBytes } from 'node:crypto';
import {
  about,
  type CompensationSystem,
  startCompensationSystem,
} from '../../services/payments/test/compensation.helpers';
import { call } from '../support/order-api';
import { customerToken, vendorToken } from '../support/tokens';

const KEY_SECRET = 'dev_key_secret_change_me';
const sign = (rzpOrderId: string, paymentId: string, secret = KEY_SECRET) =>
  createHmac('sha256', secret).update(`${rzpOrderId}|${paymentId}`).digest('hex');

describe('the Checkout callback', () => {
  let t: CompensationSystem;
  let customer: string;

  beforeAll(async () => {
    t = await startCompensationSystem({ RECONCILE_MIN_AGE_SECONDS: '0', RECONCILE_RECHECK_AFTER_SECONDS: '0' });
    customer = await customerToken('customer-callback');
  });
  afterAll(() => t.close());

  /** A checkout by our customer, paid on the simulator with its webhooks withheld (delivered when a test says). */
  async function paidWithoutWebhooks(outcome: 'captured' | 'failed' = 'captured') {
    const productId = `dish-${randomBytes(4).toString('hex')}`;
    await t.system.addProduct({ productId, vendorId: 'vendor-callback', price: 30_000, stock: 10 });
    const checkout = await t.system.checkout([{ productId, quantity: 1 }], { token: customer });
    const rzpOrderId: string = checkout.body.paymentIntent.paymentProviderOrderId;
    const payment = await t.sim.pay(rzpOrderId, { outcome, webhook: false });
    const fields = {
      razorpay_payment_id: payment.id,
      razorpay_order_id: rzpOrderId,
      razorpay_signature: sign(rzpOrderId, payment.id),
    };
    return { orderId: checkout.body.orderId as string, rzpOrderId, paymentId: payment.id, fields };
  }
  const callback = (orderId: string, body: unknown, token: string | undefined = customer) =>
    call(`${t.system.urls.order}/api/v1/orders/${orderId}/payment`, 'POST', token, body);
  const deliverWebhooks = async (paymentId: string) => {
    for (const event of t.sim.webhookEvents().filter((e) => e.paymentId === paymentId)) await t.sim.redeliver(event.id);
  };
  const fetchesOfPayments = () => t.sim.stats().requests['GET /v1/payments/:id'] ?? 0;
  const reconcile = async () => void (await t.workers.reconcile.runOnce());
  const confirmations = (orderId: string) => about(t.paymentEvents.events, 'PaymentConfirmed', orderId);
  const placements = (orderId: string) => about(t.orderEvents.events, 'OrderPlaced', orderId);
  /** Everything that a confirmation could have written, for "nothing changed". */
  const footprint = async (orderId: string) => ({
    order: await t.order(orderId),
    payment: (({ status, payment_id }) => ({ status, payment_id }))(await t.payment(orderId)),
    webhookEvents: (await t.system.sql('select count(*)::int as n from payments.webhook_events'))[0],
    events: [confirmations(orderId).length, placements(orderId).length],
  });

  it('when the customer comes back before any webhook, then the callback confirms the payment and the order is placed once', async () => {
    const { orderId, paymentId, fields } = await paidWithoutWebhooks();
    const fetches = fetchesOfPayments();
    const answer = await callback(orderId, fields);
    expect(answer.status).toBe(200);
    expect(fetchesOfPayments()).toBe(fetches + 1); // amount and status come from Razorpay, not from the client
    expect(answer.body).toMatchObject({
      orderId,
      paymentId,
      paymentStatus: 'CAPTURED',
      status: expect.stringMatching(/^(CHECKOUT|CONFIRMING_PAYMENT|PENDING_VENDOR_ACCEPTANCE)$/),
    });
    await t.settle();
    expect((await t.order(orderId))?.status).toBe('PENDING_VENDOR_ACCEPTANCE');
    expect(confirmations(orderId)).toHaveLength(1);
    expect(placements(orderId)).toHaveLength(1);
    const again = await callback(orderId, fields);
    expect(again.body).toMatchObject({ status: 'PENDING_VENDOR_ACCEPTANCE', paymentStatus: 'CAPTURED' });
  });

  it('when the same callback comes twice at once, then the payment is confirmed once', async () => {
    const { orderId, fields } = await paidWithoutWebhooks();
    const answers = await Promise.all([callback(orderId, fields), callback(orderId, fields)]);
    await t.settle();
    expect(answers.map((a) => [a.status, a.body.paymentStatus])).toEqual([
      [200, 'CAPTURED'],
      [200, 'CAPTURED'],
    ]);
    expect(confirmations(orderId)).toHaveLength(1);
    expect(placements(orderId)).toHaveLength(1);
  });

  const ARRIVALS: Array<[string, Array<'callback' | 'webhook' | 'reconciliation'>]> = [
    ['callback, webhook, reconciliation', ['callback', 'webhook', 'reconciliation']],
    ['callback, reconciliation, webhook', ['callback', 'reconciliation', 'webhook']],
    ['webhook, callback, reconciliation', ['webhook', 'callback', 'reconciliation']],
    ['webhook, reconciliation, callback', ['webhook', 'reconciliation', 'callback']],
    ['reconciliation, callback, webhook', ['reconciliation', 'callback', 'webhook']],
    ['reconciliation, webhook, callback', ['reconciliation', 'webhook', 'callback']],
  ];
  it.each(ARRIVALS)('in the order %s, the first confirms and the others change nothing', async (_label, arrivals) => {
    const { orderId, paymentId, fields } = await paidWithoutWebhooks();
    for (const [n, arrival] of arrivals.entries()) {
      if (arrival === 'callback') expect((await callback(orderId, fields)).status).toBe(200);
      if (arrival === 'webhook') await deliverWebhooks(paymentId);
      if (arrival === 'reconciliation') await reconcile();
      await t.settle();
      expect({
        after: arrival,
        status: (await t.order(orderId))?.status,
        confirmations: confirmations(orderId).length,
      }).toEqual({
        after: arrival,
        status: 'PENDING_VENDOR_ACCEPTANCE',
        confirmations: 1,
      });
      if (n === 0) expect((await t.payment(orderId)).payment_id).toBe(paymentId);
    }
    expect(placements(orderId)).toHaveLength(1);
    expect(await t.refund(paymentId)).toBeUndefined();
  });

  it('when a failed attempt is called back, then it is recorded as failed and the order stays payable', async () => {
    const { orderId, fields } = await paidWithoutWebhooks('failed');
    const answer = await callback(orderId, fields);
    await t.settle();
    expect(answer.body).toMatchObject({ status: 'CHECKOUT', paymentStatus: 'FAILED' });
    expect((await t.order(orderId))?.status).toBe('CHECKOUT');
  });

  describe('refused, and nothing changes', () => {
    let paid: Awaited<ReturnType<typeof paidWithoutWebhooks>>;
    let other: Awaited<ReturnType<typeof paidWithoutWebhooks>>;
    let before: Awaited<ReturnType<typeof footprint>>;
    let paymentFetches: number;
    beforeAll(async () => {
      paid = await paidWithoutWebhooks();
      other = await paidWithoutWebhooks();
      await t.settle();
    });
    beforeEach(async () => {
      before = await footprint(paid.orderId);
      paymentFetches = fetchesOfPayments();
    });
    afterEach(async () => {
      await t.settle();
      expect(await footprint(paid.orderId)).toEqual(before);
    });

    const expectRefused = (answer: { status: number; body: any; headers: Headers }, status: number, field?: string) => {
      expect(answer.status).toBe(status);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      if (field) expect(answer.body.invalidParams.map((p: { name: string }) => p.name)).toEqual([field]);
    };

    it('a signature made with another secret: 400 naming razorpay_signature, and Razorpay is not asked', async () => {
      const answer = await callback(paid.orderId, {
        ...paid.fields,
        razorpay_signature: sign(paid.rzpOrderId, paid.paymentId, 'not-the-key-secret'),
      });
      expectRefused(answer, 400, 'razorpay_signature');
      expect(answer.body.code).toBe('INVALID_PAYMENT_SIGNATURE');
      expect(fetchesOfPayments()).toBe(paymentFetches);
    });

    it('a signature of another payment: 400 naming razorpay_signature', async () => {
      expectRefused(
        await callback(paid.orderId, { ...paid.fields, razorpay_signature: other.fields.razorpay_signature }),
        400,
        'razorpay_signature',
      );
    });

    it("another order's valid callback sent to this order: 400 naming razorpay_order_id", async () => {
      expectRefused(await callback(paid.orderId, other.fields), 400, 'razorpay_order_id');
    });

    it.each([
      ['no razorpay_payment_id', { razorpay_payment_id: undefined }, 'razorpay_payment_id'],
      ['a razorpay_payment_id that is not one', { razorpay_payment_id: 'order_123' }, 'razorpay_payment_id'],
      ['no razorpay_order_id', { razorpay_order_id: undefined }, 'razorpay_order_id'],
      ['a razorpay_order_id that is a number', { razorpay_order_id: 42 }, 'razorpay_order_id'],
      ['no razorpay_signature', { razorpay_signature: undefined }, 'razorpay_signature'],
      ['a razorpay_signature that is not hex', { razorpay_signature: 'z'.repeat(64) }, 'razorpay_signature'],
      ['a short razorpay_signature', { razorpay_signature: 'ab12' }, 'razorpay_signature'],
    ])('%s: 400 naming it', async (_case, change, field) => {
      expectRefused(await callback(paid.orderId, { ...paid.fields, ...change }), 400, field);
    });

    it('malformed JSON: 400', async () => {
      expectRefused(await callback(paid.orderId, '{"razorpay_payment_id": '), 400);
    });

    it('no token: 401; a vendor: 403; another customer: 404', async () => {
      expectRefused(await callback(paid.orderId, paid.fields, ''), 401);
      expectRefused(await callback(paid.orderId, paid.fields, await vendorToken('vendor-callback')), 403);
      expectRefused(await callback(paid.orderId, paid.fields, await customerToken('someone-else')), 404);
    });
  });
});
