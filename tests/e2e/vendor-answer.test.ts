// The vendor's answer to a placed order (SEQ-BP-002 after step 16): accept or reject, by that
// order's vendor only, each once whatever the retries; a rejection is refunded once, and the
// customer's timeline shows it.
import { KNOWN_TIMELINE_STEPS, OrderTimeline } from '@saga/contracts';
import { probe } from '../support/event-probe';
import { orderApi, placedOrder } from '../support/order-api';
import { settle } from '../support/settle';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { customerToken, vendorToken } from '../support/tokens';

describe('the vendor answers a placed order', () => {
  let system: TestSystem;
  let api: ReturnType<typeof orderApi>;
  let orderEvents: ReturnType<typeof probe>;
  let vendor: string;
  let customer: string;

  beforeAll(async () => {
    system = await startTestSystem();
    api = orderApi(system.urls.order);
    orderEvents = probe(system.hub, 'order-events');
    vendor = await vendorToken('vendor-answer');
    customer = await customerToken('customer-answer');
  });
  afterAll(() => system.close());

  const eventsAbout = (type: string, orderId: string) =>
    orderEvents.ofType(type).filter((e) => (e.payload as { orderId: string }).orderId === orderId);
  const steps = async (orderId: string) =>
    (
      await system.sql<{ step: string }>('select step from orders.order_timeline where order_id = $1 order by id', [
        orderId,
      ])
    ).map((r) => r.step);

  it('when the vendor accepts twice, then the order is ACCEPTED once, with one OrderAccepted, and both answers are the same', async () => {
    const { orderId } = await placedOrder(system, 'vendor-answer', customer);
    const first = await api.accept(orderId, vendor);
    const second = await api.accept(orderId, vendor, {});
    await settle(system);

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      orderId,
      status: 'ACCEPTED',
      statusReason: null,
      answeredAt: expect.any(String),
      vendorAnswerDueAt: null,
    });
    expect(second).toMatchObject({ status: 200, body: first.body });
    expect(eventsAbout('OrderAccepted', orderId)).toHaveLength(1);
    expect(eventsAbout('OrderAccepted', orderId)[0]!.payload).toMatchObject({
      orderId,
      vendorId: 'vendor-answer',
      customerId: 'customer-answer',
    });
    expect((await steps(orderId)).filter((s) => s === 'ACCEPTED')).toHaveLength(1);
    expect((await api.get(orderId, customer)).body.status).toBe('ACCEPTED');
  });

  it('when the vendor rejects twice, then the order is REJECTED once, refunded once, its stock given back once, and the timeline shows the refund', async () => {
    const { orderId, paymentId, amount, productId } = await placedOrder(system, 'vendor-answer', customer);
    expect(await system.stockOf(productId)).toEqual({ stock: 9, reserved: 0 });
    const first = await api.reject(orderId, vendor, { reason: 'kitchen closed' });
    const second = await api.reject(orderId, vendor, { reason: 'kitchen closed' });
    await settle(system);

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ orderId, status: 'REJECTED', statusReason: 'kitchen closed' });
    expect(second).toMatchObject({ status: 200, body: first.body });
    expect(eventsAbout('OrderRejected', orderId)).toHaveLength(1);
    expect(eventsAbout('OrderRejected', orderId)[0]!.payload).toMatchObject({
      reason: 'kitchen closed',
      rejectedBy: 'vendor',
      paymentId,
      amount,
    });
    expect(eventsAbout('RefundRequested', orderId)).toHaveLength(1);
    const refunds = await system.sql('select status, amount_paise from payments.refunds where payment_id = $1', [
      paymentId,
    ]);
    expect(refunds).toEqual([{ status: 'PROCESSED', amount_paise: String(amount) }]);
    const timeline = await api.timeline(orderId, customer);
    expect(timeline.body.status).toBe('REJECTED');
    expect(timeline.body.entries.map((e: { step: string }) => e.step)).toEqual(
      expect.arrayContaining(['ORDER_PLACED', 'REJECTED', 'REFUND_REQUESTED', 'REFUNDED']),
    );
    expect(timeline.body.entries.map((e: { step: string }) => e.step).slice(-3)).toEqual([
      'REJECTED',
      'REFUND_REQUESTED',
      'REFUNDED',
    ]);
    expect(timeline.body.entries.find((e: { step: string }) => e.step === 'REJECTED')).toMatchObject({
      reason: 'kitchen closed',
      rejectedBy: 'vendor',
    });
    // The answer is the contract's, and every step it shows is one the contract names.
    expect(OrderTimeline.safeParse(timeline.body).error).toBeUndefined();
    const unnamed = timeline.body.entries
      .map((e: { step: string }) => e.step)
      .filter((step: string) => !(KNOWN_TIMELINE_STEPS as readonly string[]).includes(step));
    expect(unnamed).toEqual([]);
    // The catalog sold one at placement and takes it back once, for both answers.
    expect(await system.stockOf(productId)).toEqual({ stock: 10, reserved: 0 });
  });

  it('when the other answer comes after the first, then it is 409 and nothing changes', async () => {
    const accepted = await placedOrder(system, 'vendor-answer', customer);
    const rejected = await placedOrder(system, 'vendor-answer', customer);
    await api.accept(accepted.orderId, vendor);
    await api.reject(rejected.orderId, vendor, { reason: 'sold out' });
    await settle(system);
    orderEvents.clear();

    const late = [
      await api.reject(accepted.orderId, vendor, { reason: 'changed my mind' }),
      await api.accept(rejected.orderId, vendor),
    ];
    await settle(system);
    for (const answer of late) {
      expect(answer.status).toBe(409);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ code: 'ORDER_STATE_CONFLICT', status: 409, detail: expect.any(String) });
    }
    expect(late.map((a) => a.body.orderStatus)).toEqual(['ACCEPTED', 'REJECTED']);
    expect((await api.get(accepted.orderId, customer)).body).toMatchObject({ status: 'ACCEPTED', statusReason: null });
    expect((await api.get(rejected.orderId, customer)).body).toMatchObject({
      status: 'REJECTED',
      statusReason: 'sold out',
    });
    expect(orderEvents.events).toEqual([]);
  });

  it('when two accepts and a reject race, then one answer wins: the accepts agree, or the reject is alone, and one event is emitted', async () => {
    const { orderId } = await placedOrder(system, 'vendor-answer', customer);
    orderEvents.clear();
    const answers = await Promise.all([
      api.accept(orderId, vendor),
      api.reject(orderId, vendor, { reason: 'busy' }),
      api.accept(orderId, vendor),
    ]);
    await settle(system);
    const final = (await api.get(orderId, customer)).body.status;
    const won = final === 'ACCEPTED' ? [200, 409, 200] : [409, 200, 409];
    expect(answers.map((a) => a.status)).toEqual(won);
    expect(eventsAbout('OrderAccepted', orderId).length + eventsAbout('OrderRejected', orderId).length).toBe(1);
    expect(eventsAbout('RefundRequested', orderId)).toHaveLength(final === 'REJECTED' ? 1 : 0);
  });

  it('when the order is not waiting for its vendor (unpaid), then accept and reject are 409 and nothing changes', async () => {
    await system.addProduct({ productId: 'unpaid-dish', vendorId: 'vendor-answer', price: 9000, stock: 5 });
    const checkout = await system.checkout([{ productId: 'unpaid-dish', quantity: 1 }], { token: customer });
    const accept = await api.accept(checkout.body.orderId, vendor);
    const reject = await api.reject(checkout.body.orderId, vendor, { reason: 'no' });
    expect(accept.body).toMatchObject({ status: 409, code: 'ORDER_STATE_CONFLICT', orderStatus: 'CHECKOUT' });
    expect(accept.body.detail).toContain('CHECKOUT');
    expect(reject.status).toBe(409);
    expect((await api.get(checkout.body.orderId, customer)).body.status).toBe('CHECKOUT');
  });

  describe('who may answer', () => {
    let orderId: string;
    beforeAll(async () => {
      ({ orderId } = await placedOrder(system, 'vendor-answer', customer));
      orderEvents.clear();
    });
    afterEach(async () => {
      await settle(system);
      expect((await api.get(orderId, customer)).body.status).toBe('PENDING_VENDOR_ACCEPTANCE');
      expect(orderEvents.events).toEqual([]);
    });

    it.each([
      ['no token', undefined, 401, 'UNAUTHENTICATED'],
      ['a bad token', 'not-a-jwt', 401, 'UNAUTHENTICATED'],
    ])('%s: %d', async (_case, token, status, code) => {
      for (const answer of [await api.accept(orderId, token), await api.reject(orderId, token, { reason: 'x' })]) {
        expect(answer).toMatchObject({ status, body: { code } });
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
      }
    });

    it("the order's customer: 403", async () => {
      expect(await api.accept(orderId, customer)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
      expect(await api.reject(orderId, customer, { reason: 'x' })).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN' },
      });
    });

    it('another vendor: 404, as if the order did not exist', async () => {
      const other = await vendorToken('vendor-elsewhere');
      expect(await api.accept(orderId, other)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
      expect(await api.reject(orderId, other, { reason: 'x' })).toMatchObject({
        status: 404,
        body: { code: 'NOT_FOUND' },
      });
    });

    it('an unknown order, or an id that is not one: 404', async () => {
      expect(await api.accept('7d3c1e0a-1111-4222-8333-944455556666', vendor)).toMatchObject({
        status: 404,
        body: { code: 'NOT_FOUND' },
      });
      expect(await api.accept('not-an-order', vendor)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    });

    it.each([
      ['no reason', {}, 'reason'],
      ['a blank reason', { reason: '   ' }, 'reason'],
      ['a reason that is not text', { reason: 42 }, 'reason'],
      ['a reason over 500 characters', { reason: 'x'.repeat(501) }, 'reason'],
      ['a body that is not an object', [], '(body)'],
    ])('reject with %s: 400 naming %s', async (_case, body, field) => {
      const answer = await api.reject(orderId, vendor, body);
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.code).toBe('VALIDATION_FAILED');
      expect(answer.body.invalidParams.map((p: { name: string }) => p.name)).toEqual([field]);
    });

    it('accept with a body that is not an object: 400; malformed JSON: 400', async () => {
      expect((await api.accept(orderId, vendor, [])).body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect((await api.accept(orderId, vendor, '{"oops"')).body).toMatchObject({
        status: 400,
        code: 'MALFORMED_JSON',
      });
      expect((await api.reject(orderId, vendor, '{"reason":')).body).toMatchObject({
        status: 400,
        code: 'MALFORMED_JSON',
      });
    });
  });
});
