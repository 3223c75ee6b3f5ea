import { createHmac, timingSafeEqual } from 'node:crypto';
import { createRazorpaySimulator, type RazorpaySimulator } from '../src';
import {
  getJson,
  KEY_ID,
  KEY_SECRET,
  postJson,
  sdk,
  startReceiver,
  WEBHOOK_SECRET,
  type Json,
  type ReceivedWebhook,
  type WebhookReceiver,
} from './helpers';

/** Checks the signature the way a careful receiver does: HMAC over the raw bytes, constant-time compare. */
function signatureIsValid(webhook: ReceivedWebhook, secret = WEBHOOK_SECRET): boolean {
  const expected = createHmac('sha256', secret).update(webhook.rawBody).digest();
  const given = Buffer.from(String(webhook.headers['x-razorpay-signature']), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('Razorpay simulator: paying and webhooks', () => {
  let sim: RazorpaySimulator;
  let url: string;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    sim = createRazorpaySimulator({
      keyId: KEY_ID,
      keySecret: KEY_SECRET,
      webhookSecret: WEBHOOK_SECRET,
      webhookUrl: receiver.url,
      webhookRetries: 3,
      webhookRetryBackoffMs: 5,
    });
    ({ url } = await sim.listen(0));
  });

  beforeEach(async () => {
    await sim.reset();
    receiver.received.length = 0;
    receiver.script.length = 0;
  });

  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  async function newOrder(amount = 50000): Promise<string> {
    return (await sdk(url).orders.create({ amount, currency: 'INR', receipt: `rcpt_${Date.now()}` })).id;
  }

  test('with webhookEvents set, only the subscribed events are sent; the others stay recorded and can be redelivered', async () => {
    sim.configure({ webhookEvents: ['payment.captured', 'payment.failed'] });
    try {
      const orderId = await newOrder();
      const paid = await postJson(`${url}/_sim/orders/${orderId}/pay`, { outcome: 'captured' });
      expect(paid.body.webhooks.map((w: Json) => [w.event, w.status])).toEqual([['payment.captured', 200]]);
      expect(receiver.received.map((w) => JSON.parse(w.rawBody).event)).toEqual(['payment.captured']);
      const recorded = await getJson(`${url}/_sim/webhooks?orderId=${orderId}`);
      expect(recorded.body.items.map((e: Json) => e.event).sort()).toEqual([
        'order.paid',
        'payment.authorized',
        'payment.captured',
      ]);
      const orderPaid = recorded.body.items.find((e: Json) => e.event === 'order.paid');
      const redelivered = await postJson(`${url}/_sim/webhooks/redeliver`, { eventId: orderPaid.id });
      expect(redelivered.body).toMatchObject({ event: 'order.paid', status: 200, delivered: true });
      expect(receiver.received.map((w) => JSON.parse(w.rawBody).event)).toEqual(['payment.captured', 'order.paid']);
      const refused = await postJson(`${url}/_sim/config`, { webhookEvents: ['payment.captured', 'payment.exploded'] });
      expect(refused.status).toBe(400);
    } finally {
      sim.configure({ webhookEvents: null });
    }
  });

  test('paying with captured sends payment.authorized, payment.captured and order.paid, correctly signed, with distinct event ids', async () => {
    const orderId = await newOrder();
    const paid = await postJson(`${url}/_sim/orders/${orderId}/pay`, { outcome: 'captured' });

    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({
      id: expect.stringMatching(/^pay_[A-Za-z0-9]{14}$/),
      entity: 'payment',
      status: 'captured',
      captured: true,
      order_id: orderId,
      method: 'upi',
      vpa: 'success@razorpay',
      amount: 50000,
      error_code: null,
    });
    expect(paid.body.webhooks.map((w: Json) => [w.event, w.status, w.delivered])).toEqual([
      ['payment.authorized', 200, true],
      ['payment.captured', 200, true],
      ['order.paid', 200, true],
    ]);

    expect(receiver.received).toHaveLength(3);
    for (const webhook of receiver.received) {
      expect(webhook.headers['content-type']).toBe('application/json');
      expect(signatureIsValid(webhook)).toBe(true);
      expect(signatureIsValid(webhook, KEY_SECRET)).toBe(false);
      expect(webhook.headers['x-razorpay-event-id']).toMatch(/^evt_[A-Za-z0-9]{14}$/);
    }
    const ids = receiver.received.map((w) => w.headers['x-razorpay-event-id']);
    expect(new Set(ids).size).toBe(3);
    expect(ids).toEqual(paid.body.webhooks.map((w: Json) => w.id));

    const [authorized, captured, orderPaid] = receiver.received.map((w) => JSON.parse(w.rawBody) as Json);
    expect(authorized).toMatchObject({
      entity: 'event',
      account_id: expect.stringMatching(/^acc_/),
      event: 'payment.authorized',
      contains: ['payment'],
      payload: { payment: { entity: { id: paid.body.id, status: 'authorized', captured: false } } },
      created_at: expect.any(Number),
    });
    expect(captured).toMatchObject({
      event: 'payment.captured',
      contains: ['payment'],
      payload: { payment: { entity: { status: 'captured' } } },
    });
    expect(orderPaid).toMatchObject({
      event: 'order.paid',
      contains: ['payment', 'order'],
      payload: {
        payment: { entity: { id: paid.body.id } },
        order: { entity: { id: orderId, status: 'paid', amount_paid: 50000 } },
      },
    });

    expect(await sdk(url).orders.fetch(orderId)).toMatchObject({
      status: 'paid',
      amount_paid: 50000,
      amount_due: 0,
      attempts: 1,
    });
  });

  test('webhook: false sends no webhook', async () => {
    const orderId = await newOrder();
    const paid = await postJson(`${url}/_sim/orders/${orderId}/pay`, { outcome: 'captured', webhook: false });
    expect(paid.body.status).toBe('captured');
    expect(paid.body.webhooks).toEqual([]);
    await sim.waitForWebhooks();
    expect(receiver.received).toHaveLength(0);
  });

  test('a failed payment sends payment.failed with Razorpay error fields, and the order lists the failed attempt', async () => {
    const orderId = await newOrder();
    const failed = await sim.pay(orderId, { outcome: 'failed' });
    expect(failed).toMatchObject({
      status: 'failed',
      error_code: 'BAD_REQUEST_ERROR',
      error_reason: 'payment_failed',
      error_step: 'payment_authorization',
    });
    expect(receiver.received.map((w) => JSON.parse(w.rawBody).event)).toEqual(['payment.failed']);

    const retried = await sim.pay(orderId, { outcome: 'captured', webhook: false });
    const payments = await sdk(url).orders.fetchPayments(orderId);
    expect(payments.entity).toBe('collection');
    expect(payments.items.map((p: Json) => [p.id, p.status])).toEqual([
      [failed.id, 'failed'],
      [retried.id, 'captured'],
    ]);
  });

  test('a second captured pay on a paid order is a 400', async () => {
    const orderId = await newOrder();
    await sim.pay(orderId, { webhook: false });
    const second = await postJson(`${url}/_sim/orders/${orderId}/pay`, { outcome: 'captured' });
    expect(second.status).toBe(400);
    expect(second.body.error.code).toBe('BAD_REQUEST_ERROR');
    expect(sim.stats().paymentsCreated).toBe(1);
  });

  test('a receiver answering 500 is retried, and the pay answer reports the final status', async () => {
    const orderId = await newOrder();
    receiver.script.push(500, 503);
    const paid = await sim.pay(orderId, { outcome: 'authorized' });
    expect(paid.webhooks).toEqual([
      {
        id: expect.any(String),
        event: 'payment.authorized',
        status: 200,
        delivered: true,
        attempts: 3,
        sentAt: expect.any(Number),
        durationMs: expect.any(Number),
      },
    ]);
    const ids = receiver.received.map((w) => w.headers['x-razorpay-event-id']);
    expect(ids).toEqual([paid.webhooks[0]?.id, paid.webhooks[0]?.id, paid.webhooks[0]?.id]);
  });

  test('an unreachable receiver is reported as undelivered with no status', async () => {
    const orderId = await newOrder();
    sim.configure({ webhookUrl: 'http://127.0.0.1:9/unreachable', webhookRetries: 1 });
    const paid = await sim.pay(orderId, { outcome: 'failed' });
    expect(paid.webhooks).toEqual([
      expect.objectContaining({ event: 'payment.failed', status: null, delivered: false, attempts: 2 }),
    ]);
  });

  test('a receiver that does not answer within webhookTimeoutMs counts as a failed attempt', async () => {
    const orderId = await newOrder();
    sim.configure({ webhookTimeoutMs: 100, webhookRetries: 1 });
    receiver.script.push(0);
    const started = Date.now();
    const paid = await sim.pay(orderId, { outcome: 'failed' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(paid.webhooks).toEqual([expect.objectContaining({ status: 200, delivered: true, attempts: 2 })]);
    const detail = await getJson(`${url}/_sim/webhooks/${paid.webhooks[0]?.id}`);
    expect(detail.body.deliveries.map((d: Json) => d.error ?? d.status)).toEqual(['no answer within 100 ms', 200]);
  });

  test('redeliver resends a stored event with the same event id and the same signed body', async () => {
    const orderId = await newOrder();
    await sim.pay(orderId, { outcome: 'captured' });
    const list = await getJson(`${url}/_sim/webhooks?event=payment.captured`);
    expect(list.body.count).toBe(1);
    const event = list.body.items[0];
    expect(event).toMatchObject({ event: 'payment.captured', orderId, status: 200, delivered: true });

    const original = receiver.received.find((w) => w.headers['x-razorpay-event-id'] === event.id);
    const again = await postJson(`${url}/_sim/webhooks/redeliver`, { eventId: event.id });
    expect(again.body).toMatchObject({ id: event.id, event: 'payment.captured', status: 200, delivered: true });

    const repeat = receiver.received[receiver.received.length - 1];
    expect(repeat?.headers['x-razorpay-event-id']).toBe(event.id);
    expect(repeat?.rawBody).toBe(original?.rawBody);
    expect(repeat && signatureIsValid(repeat)).toBe(true);

    const missing = await postJson(`${url}/_sim/webhooks/redeliver`, { eventId: 'evt_doesnotexist00' });
    expect(missing.status).toBe(404);
  });

  test('a late authorisation turns a failed payment captured: payment.failed first, then payment.captured and order.paid', async () => {
    const orderId = await newOrder();
    const failed = await sim.pay(orderId, { outcome: 'failed' });
    const late = await postJson(`${url}/_sim/payments/${failed.id}/late-authorize`, {});
    expect(late.body).toMatchObject({ id: failed.id, status: 'captured', error_code: null });
    expect(receiver.received.map((w) => JSON.parse(w.rawBody).event)).toEqual([
      'payment.failed',
      'payment.authorized',
      'payment.captured',
      'order.paid',
    ]);
  });
});
