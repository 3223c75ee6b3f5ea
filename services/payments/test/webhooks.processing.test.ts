import { PaymentConfirmed, PaymentFailed } from '@saga/contracts';
import { checkout, newEventId, razorpayBody, startWebhookTestSystem, type WebhookTestSystem } from './webhooks.helpers';

describe('payments: Razorpay webhooks confirm each payment exactly once', () => {
  let t: WebhookTestSystem;

  beforeAll(async () => {
    t = await startWebhookTestSystem();
  });
  afterAll(() => t.close());

  const confirmations = (orderReference: string) =>
    t.eventsFor(orderReference).filter((e) => e.eventType === 'PaymentConfirmed');
  const eventOf = (rzpOrderId: string, name: string) => {
    const found = t.sim.webhookEvents().find((e) => e.orderId === rzpOrderId && e.event === name);
    if (!found) throw new Error(`the simulator sent no ${name} for ${rzpOrderId}`);
    return found;
  };

  it('when a checkout is paid, then one PaymentConfirmed carries the payment and the record is CAPTURED', async () => {
    const order = await checkout(t);
    const payment = await t.sim.pay(order.rzpOrderId, { outcome: 'captured' });
    expect(payment.webhooks.map((w) => [w.event, w.status])).toEqual([
      ['payment.authorized', 200],
      ['payment.captured', 200],
      ['order.paid', 200],
    ]);
    await t.settle();

    const events = confirmations(order.orderId);
    expect(events).toHaveLength(1);
    expect(PaymentConfirmed.parse(events[0]).payload).toEqual({
      orderReference: order.orderId,
      paymentProviderOrderId: order.rzpOrderId,
      paymentId: payment.id,
      amount: order.amount,
      currency: 'INR',
      method: 'upi',
      capturedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(await t.paymentRow(order.orderId)).toEqual({ status: 'CAPTURED', payment_id: payment.id, method: 'upi' });
    const rows = await t.sql(
      'select event_type, status from payments.webhook_events where body::json #>> $1 = $2 order by event_type',
      ['{payload,payment,entity,order_id}', order.rzpOrderId],
    );
    expect(rows).toEqual([
      { event_type: 'order.paid', status: 'PROCESSED' },
      { event_type: 'payment.authorized', status: 'PROCESSED' },
      { event_type: 'payment.captured', status: 'PROCESSED' },
    ]);
    expect(await t.metrics()).toMatch(/payments_confirmed_total\{service="payments"\} [1-9]/);
  });

  it('when the capture webhook is delivered five times, then duplicates are answered "duplicate" and one PaymentConfirmed is published', async () => {
    const intent = await t.newIntent();
    await t.sim.pay(intent.rzpOrderId, { outcome: 'captured' });
    const captured = eventOf(intent.rzpOrderId, 'payment.captured');
    for (let i = 0; i < 3; i++) expect((await t.sim.redeliver(captured.id)).status).toBe(200);
    // The fifth time byte for byte by hand, to read the answer.
    const { body } = (await fetch(`${t.system.urls.simulator}/_sim/webhooks/${captured.id}`).then((r) => r.json())) as {
      body: string;
    };
    const replay = await t.deliver(body, { eventId: captured.id });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ status: 'duplicate', eventId: captured.id });
    await t.settle();

    expect(confirmations(intent.orderReference)).toHaveLength(1);
    expect(
      await t.sql('select count(*)::int as n from payments.webhook_events where event_id = $1', [captured.id]),
    ).toEqual([{ n: 1 }]);
  });

  it('when order.paid arrives before payment.captured and payment.authorized last, then one PaymentConfirmed and the payment stays CAPTURED', async () => {
    const intent = await t.newIntent();
    const payment = await t.sim.pay(intent.rzpOrderId, { outcome: 'captured', webhook: false });
    for (const name of ['order.paid', 'payment.captured', 'payment.authorized']) {
      expect((await t.sim.redeliver(eventOf(intent.rzpOrderId, name).id)).status).toBe(200);
      await t.settle();
    }

    expect(confirmations(intent.orderReference)).toHaveLength(1);
    expect(await t.paymentRow(intent.orderReference)).toMatchObject({ status: 'CAPTURED', payment_id: payment.id });
  });

  it('when payment.authorized is delivered again after the capture, then nothing changes', async () => {
    const intent = await t.newIntent();
    await t.sim.pay(intent.rzpOrderId, { outcome: 'captured' });
    await t.settle();
    const authorized = eventOf(intent.rzpOrderId, 'payment.authorized');
    // A later, distinct delivery of the same authorisation (Razorpay may send it with a new id).
    const { body } = (await fetch(`${t.system.urls.simulator}/_sim/webhooks/${authorized.id}`).then((r) =>
      r.json(),
    )) as { body: string };
    const late = await t.deliver(body);
    expect(late.body.status).toBe('received');
    await t.settle();

    expect(await t.webhookRow(late.eventId)).toMatchObject({ status: 'PROCESSED' });
    expect((await t.paymentRow(intent.orderReference)).status).toBe('CAPTURED');
    expect(t.eventsFor(intent.orderReference).map((e) => e.eventType)).toEqual(['PaymentConfirmed']);
  });

  it('when another attempt is reported failed after the payment was captured, then the payment stays CAPTURED and no PaymentFailed is published', async () => {
    const intent = await t.newIntent();
    await t.sim.pay(intent.rzpOrderId, { outcome: 'captured' });
    await t.settle();
    const res = await t.deliver(
      razorpayBody('payment.failed', {
        rzpOrderId: intent.rzpOrderId,
        amount: intent.amount,
        paymentId: 'pay_LateFailure0001',
      }),
    );
    await t.settle();

    expect(await t.webhookRow(res.eventId)).toMatchObject({ status: 'PROCESSED' });
    expect((await t.paymentRow(intent.orderReference)).status).toBe('CAPTURED');
    expect(t.eventsFor(intent.orderReference).map((e) => e.eventType)).toEqual(['PaymentConfirmed']);
  });

  it('when a payment fails and is then authorised late and captured, then PaymentFailed is followed by exactly one PaymentConfirmed', async () => {
    const intent = await t.newIntent();
    const failed = await t.sim.pay(intent.rzpOrderId, { outcome: 'failed' });
    await t.settle();
    expect((await t.paymentRow(intent.orderReference)).status).toBe('FAILED');
    // The same failure reported again under another event id is no news.
    const { body: failedBody } = (await fetch(
      `${t.system.urls.simulator}/_sim/webhooks/${eventOf(intent.rzpOrderId, 'payment.failed').id}`,
    ).then((r) => r.json())) as { body: string };
    await t.deliver(failedBody);
    await t.settle();

    const late = await t.sim.lateAuthorize(failed.id, { outcome: 'captured' });
    expect(late.status).toBe('captured');
    await t.settle();
    // payment.failed delivered once more, late: it must not move the payment back.
    expect((await t.sim.redeliver(eventOf(intent.rzpOrderId, 'payment.failed').id)).status).toBe(200);
    await t.settle();

    const events = t.eventsFor(intent.orderReference);
    expect(events.map((e) => e.eventType)).toEqual(['PaymentFailed', 'PaymentConfirmed']);
    expect(PaymentFailed.parse(events[0]).payload).toMatchObject({
      paymentId: failed.id,
      errorCode: 'BAD_REQUEST_ERROR',
      paymentProviderOrderId: intent.rzpOrderId,
    });
    expect(await t.paymentRow(intent.orderReference)).toMatchObject({ status: 'CAPTURED', payment_id: failed.id });
    expect(
      await t.sql('select payment_id, status from payments.payment_attempts where order_reference = $1', [
        intent.orderReference,
      ]),
    ).toEqual([{ payment_id: failed.id, status: 'captured' }]);
  });

  it('when an event type is not one we use, then it is acknowledged, stored as IGNORED and changes nothing', async () => {
    const intent = await t.newIntent();
    const res = await t.deliver(
      razorpayBody('payment.dispute.created', { rzpOrderId: intent.rzpOrderId, amount: intent.amount }),
    );
    expect(res).toMatchObject({ status: 200, body: { status: 'received' } });
    await t.settle();

    expect(await t.webhookRow(res.eventId)).toMatchObject({ status: 'IGNORED', event_type: 'payment.dispute.created' });
    expect((await t.paymentRow(intent.orderReference)).status).toBe('INTENT_CREATED');
    expect(t.eventsFor(intent.orderReference)).toEqual([]);
  });

  it('when a capture is for a Razorpay order we do not know, then it is acknowledged, IGNORED with a warning, and nothing is published', async () => {
    const before = t.paymentEvents.length;
    const res = await t.deliver(
      razorpayBody('payment.captured', { rzpOrderId: 'order_NotOurs00000001', amount: 45_000 }),
    );
    expect(res).toMatchObject({ status: 200, body: { status: 'received' } });
    await t.settle();

    expect(await t.webhookRow(res.eventId)).toMatchObject({ status: 'IGNORED' });
    expect(
      t.logs.some((l) => l.includes('"level":40') && l.includes(res.eventId) && l.includes('order_NotOurs00000001')),
    ).toBe(true);
    expect(t.paymentEvents.length).toBe(before);
  });

  it("when a signed body is not Razorpay's event as the contract describes it, then it is FLAGGED naming the field and nothing is confirmed", async () => {
    const intent = await t.newIntent();
    const { account_id: _dropped, ...withoutAccount } = JSON.parse(
      razorpayBody('payment.captured', { rzpOrderId: intent.rzpOrderId, amount: intent.amount }),
    );
    const res = await t.deliver(JSON.stringify(withoutAccount));
    expect(res).toMatchObject({ status: 200, body: { status: 'received' } });
    await t.settle();

    expect(await t.webhookRow(res.eventId)).toMatchObject({
      status: 'FLAGGED',
      last_error: expect.stringMatching(/^payload not understood: account_id: /),
    });
    expect((await t.paymentRow(intent.orderReference)).status).toBe('INTENT_CREATED');
    expect(t.eventsFor(intent.orderReference)).toEqual([]);
  });

  it('when the captured amount differs from the payment record, then nothing is confirmed and the event is FLAGGED', async () => {
    const intent = await t.newIntent(45_000);
    const res = await t.deliver(razorpayBody('payment.captured', { rzpOrderId: intent.rzpOrderId, amount: 100 }));
    expect(res.status).toBe(200);
    await t.settle();

    expect(await t.webhookRow(res.eventId)).toMatchObject({
      status: 'FLAGGED',
      last_error: expect.stringMatching(/amount 100/),
    });
    expect((await t.paymentRow(intent.orderReference)).status).toBe('INTENT_CREATED');
    expect(t.eventsFor(intent.orderReference)).toEqual([]);
    expect(
      t.logs.some((l) => l.includes('"level":50') && l.includes(res.eventId) && l.includes('flagged for review')),
    ).toBe(true);
    expect(await t.metrics()).toMatch(/payments_amount_mismatch_total\{service="payments"\} [1-9]/);
  });

  it('when a second payment is captured for an order already paid, then it is FLAGGED for a refund and not confirmed again', async () => {
    const intent = await t.newIntent();
    await t.sim.pay(intent.rzpOrderId, { outcome: 'captured' });
    await t.settle();
    const res = await t.deliver(
      razorpayBody('payment.captured', {
        rzpOrderId: intent.rzpOrderId,
        amount: intent.amount,
        paymentId: 'pay_SecondCapture01',
      }),
    );
    await t.settle();

    expect(await t.webhookRow(res.eventId)).toMatchObject({
      status: 'FLAGGED',
      last_error: expect.stringMatching(/refund/),
    });
    expect(confirmations(intent.orderReference)).toHaveLength(1);
    expect(await t.metrics()).toMatch(/payments_duplicate_capture_total\{service="payments"\} 1/);
  });

  it('when an event was stored but never processed (a crash after the acknowledgement), then the reprocess worker confirms the payment', async () => {
    const intent = await t.newIntent();
    const eventId = newEventId();
    await t.sql(
      `insert into payments.webhook_events (event_id, event_type, body, status) values ($1, 'payment.captured', $2, 'RECEIVED')`,
      [
        eventId,
        razorpayBody('payment.captured', {
          rzpOrderId: intent.rzpOrderId,
          amount: intent.amount,
          paymentId: 'pay_AfterCrash0001',
        }),
      ],
    );
    await t.settle();

    expect(await t.webhookRow(eventId)).toMatchObject({ status: 'PROCESSED', attempts: 1 });
    expect(await t.paymentRow(intent.orderReference)).toMatchObject({
      status: 'CAPTURED',
      payment_id: 'pay_AfterCrash0001',
    });
    expect(confirmations(intent.orderReference)).toHaveLength(1);
  });

  it('when an acknowledged event waits to be processed, then the webhook backlog gauge counts it, and no longer once it is processed', async () => {
    const intent = await t.newIntent();
    const eventId = newEventId();
    const backlog = async () =>
      Number(/payments_webhook_backlog\{service="payments"\} (\S+)/.exec(await t.metrics())?.[1]);
    // Leased for an hour: neither the reprocess worker nor settle() takes it meanwhile.
    await t.sql(
      `insert into payments.webhook_events (event_id, event_type, body, status, next_attempt_at) values ($1, 'payment.captured', $2, 'RECEIVED', clock_timestamp() + interval '1 hour')`,
      [
        eventId,
        razorpayBody('payment.captured', {
          rzpOrderId: intent.rzpOrderId,
          amount: intent.amount,
          paymentId: 'pay_Backlogged0001',
        }),
      ],
    );
    expect(await backlog()).toBe(1);

    await t.sql(`update payments.webhook_events set next_attempt_at = clock_timestamp() where event_id = $1`, [
      eventId,
    ]);
    await t.settle();
    expect(await t.webhookRow(eventId)).toMatchObject({ status: 'PROCESSED' });
    expect(await backlog()).toBe(0);
  });
});
