// Razorpay Checkout, simulated: the script's shape, the modal page, and what its buttons do. A
// paid checkout pays through the simulator's one payment path (webhooks as for /_sim/.../pay) and
// answers Razorpay's handler fields with Razorpay's signature; a failure can be retried.
import { createHmac } from 'node:crypto';
import { createRazorpaySimulator, type RazorpaySimulator } from '../src';
import {
  KEY_ID,
  KEY_SECRET,
  WEBHOOK_SECRET,
  basicAuthHeader,
  postJson,
  startReceiver,
  type WebhookReceiver,
} from './helpers';

const signatureOf = (orderId: string, paymentId: string) =>
  createHmac('sha256', KEY_SECRET).update(`${orderId}|${paymentId}`).digest('hex');

describe('Razorpay simulator: Checkout (checkout.js, the modal, paying from it)', () => {
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
      webhookRetries: 0,
    });
    ({ url } = await sim.listen(0));
  });
  beforeEach(async () => {
    await sim.reset();
    receiver.received.length = 0;
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  const createOrder = async (amount = 54000) =>
    (
      await postJson(
        `${url}/v1/orders`,
        { amount, currency: 'INR', receipt: 'r-1' },
        { Authorization: basicAuthHeader() },
      )
    ).body.id as string;
  const payFromModal = (body: Record<string, unknown>) => postJson(`${url}/v1/checkout/pay`, body);
  const events = (orderId: string) =>
    sim
      .webhookEvents()
      .filter((e) => e.orderId === orderId)
      .map((e) => e.event);

  it('serves checkout.js at /v1/checkout.js and /checkout.js, defining window.Razorpay with open, on and close', async () => {
    for (const path of ['/v1/checkout.js', '/checkout.js']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
      const source = await res.text();
      expect(source).toContain('window.Razorpay = Razorpay');
      for (const method of ['open', 'on', 'close']) expect(source).toContain(`Razorpay.prototype.${method} =`);
      expect(source).toMatch(/ondismiss/);
    }
    // Not behind the API's Basic auth: a browser loads it without the key secret.
    expect((await fetch(`${url}/v1/checkout/modal.js`)).status).toBe(200);
  });

  it('on success pays the order, sends the webhooks, and answers the handler fields signed with HMAC-SHA256(order_id|payment_id, key secret)', async () => {
    const orderId = await createOrder();
    const res = await payFromModal({ key_id: KEY_ID, order_id: orderId, outcome: 'success' });

    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['razorpay_order_id', 'razorpay_payment_id', 'razorpay_signature']);
    expect(res.body.razorpay_order_id).toBe(orderId);
    expect(res.body.razorpay_payment_id).toMatch(/^pay_/);
    expect(res.body.razorpay_signature).toBe(signatureOf(orderId, res.body.razorpay_payment_id));
    expect(events(orderId)).toEqual(['payment.authorized', 'payment.captured', 'order.paid']);
    expect(receiver.received).toHaveLength(3);
    const order = (await fetch(`${url}/v1/orders/${orderId}`, { headers: { Authorization: basicAuthHeader() } }).then(
      (r) => r.json(),
    )) as { status: string };
    expect(order.status).toBe('paid');
  });

  it("on failure answers Razorpay's payment error (with the payment id), sends payment.failed, and lets the customer pay again", async () => {
    const orderId = await createOrder();
    const failed = await payFromModal({ key_id: KEY_ID, order_id: orderId, outcome: 'failure' });

    expect(failed.status).toBe(400);
    expect(failed.body.error).toMatchObject({
      code: 'BAD_REQUEST_ERROR',
      reason: 'payment_failed',
      metadata: { order_id: orderId, payment_id: expect.stringMatching(/^pay_/) },
    });
    expect(events(orderId)).toEqual(['payment.failed']);

    const retried = await payFromModal({ key_id: KEY_ID, order_id: orderId, outcome: 'success' });
    expect(retried.status).toBe(200);
    expect(retried.body.razorpay_payment_id).not.toBe(failed.body.error.metadata.payment_id);
    expect(retried.body.razorpay_signature).toBe(signatureOf(orderId, retried.body.razorpay_payment_id));
    expect(events(orderId)).toEqual(['payment.failed', 'payment.authorized', 'payment.captured', 'order.paid']);
  });

  it('takes a second Pay on a paid order as a refusal, not a second payment', async () => {
    const orderId = await createOrder();
    expect((await payFromModal({ key_id: KEY_ID, order_id: orderId, outcome: 'success' })).status).toBe(200);
    const again = await payFromModal({ key_id: KEY_ID, order_id: orderId, outcome: 'success' });

    expect(again.status).toBe(400);
    expect(again.body.error.description).toMatch(/already been paid/);
    expect(sim.stats().paymentsCreated).toBe(1);
    expect(events(orderId).filter((e) => e === 'payment.captured')).toHaveLength(1);
  });

  it("refuses another account's key id (401) and bad input (400 naming the field), paying nothing", async () => {
    const orderId = await createOrder();
    const wrongKey = await payFromModal({ key_id: 'rzp_test_someoneelse', order_id: orderId, outcome: 'success' });
    expect(wrongKey.status).toBe(401);

    const cases: Array<[Record<string, unknown>, string]> = [
      [{ order_id: orderId, outcome: 'success' }, 'key_id'],
      [{ key_id: KEY_ID, outcome: 'success' }, 'order_id'],
      [{ key_id: KEY_ID, order_id: orderId }, 'outcome'],
      [{ key_id: KEY_ID, order_id: orderId, outcome: 'captured' }, 'outcome'],
      [{ key_id: KEY_ID, order_id: orderId, outcome: 'success', amount: 1 }, 'amount'],
    ];
    for (const [body, field] of cases) {
      const res = await payFromModal(body);
      expect({ field, status: res.status, named: res.body.error.field }).toEqual({ field, status: 400, named: field });
    }
    const unknown = await payFromModal({ key_id: KEY_ID, order_id: 'order_doesnotexist', outcome: 'success' });
    expect(unknown.status).toBe(404);
    expect(sim.stats().paymentsCreated).toBe(0);
    expect(receiver.received).toHaveLength(0);
  });

  it("renders the modal with the order's own amount, and escapes what the merchant page passes", async () => {
    const orderId = await createOrder(123456);
    const q = new URLSearchParams({
      key_id: KEY_ID,
      order_id: orderId,
      origin: 'http://shop.test',
      name: '<script>alert(1)</script>',
      description: 'a "b"',
      color: 'red;}',
    });
    const html = await (await fetch(`${url}/v1/checkout/modal?${q}`)).text();

    expect(html).toContain('₹1,234.56');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('--theme: #3399cc'); // a colour that is not one is not passed on
    expect(html).toContain('id="pay"');
    expect(html).toContain('"parentOrigin":"http://shop.test"');
  });

  it('offers only Close for an unknown order, another key id, or a paid order', async () => {
    const paid = await createOrder();
    await payFromModal({ key_id: KEY_ID, order_id: paid, outcome: 'success' });
    for (const [key, order, message] of [
      [KEY_ID, 'order_missing', 'does not exist'],
      ['rzp_test_other', paid, 'key id is not valid'],
      [KEY_ID, paid, 'already been paid'],
    ] as const) {
      const html = await (
        await fetch(`${url}/v1/checkout/modal?${new URLSearchParams({ key_id: key, order_id: order })}`)
      ).text();
      expect({ order, message: html.includes(message), pay: html.includes('id="pay"') }).toEqual({
        order,
        message: true,
        pay: false,
      });
    }
  });
});
