import { gzipSync } from 'node:zlib';
import {
  DEV_WEBHOOK_SECRET,
  newEventId,
  razorpayBody,
  sign,
  startWebhookTestSystem,
  type WebhookTestSystem,
} from './webhooks.helpers';

// The system runs mid-rotation: a new current secret, the development secret as the previous one.
const CURRENT_SECRET = 'rotated_webhook_secret_0002';
const PREVIOUS_SECRET = DEV_WEBHOOK_SECRET;

describe('payments: ingestion of Razorpay webhooks', () => {
  let t: WebhookTestSystem;

  beforeAll(async () => {
    t = await startWebhookTestSystem({
      RAZORPAY_WEBHOOK_SECRET: CURRENT_SECRET,
      RAZORPAY_WEBHOOK_SECRET_PREVIOUS: PREVIOUS_SECRET,
    });
  });
  afterAll(() => t.close());

  const rowCount = async (eventId?: string) =>
    (
      await t.sql<{ n: number }>(
        'select count(*)::int as n from payments.webhook_events where $1::text is null or event_id = $1',
        [eventId ?? null],
      )
    )[0]!.n;
  const body = () => razorpayBody('payment.captured', { rzpOrderId: 'order_IngestTest0001', amount: 10_000 });

  it('when a correctly signed event arrives, then it is stored once and acknowledged as received', async () => {
    const text = body();
    const res = await t.deliver(text, { secret: CURRENT_SECRET });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'received', eventId: res.eventId });
    const [row] = await t.sql('select event_type, body from payments.webhook_events where event_id = $1', [
      res.eventId,
    ]);
    expect(row).toEqual({ event_type: 'payment.captured', body: text });
  });

  it('when the same event id arrives again, then it is answered "duplicate" and stored once', async () => {
    const text = body();
    const first = await t.deliver(text, { secret: CURRENT_SECRET });
    const again = await t.deliver(text, { secret: CURRENT_SECRET, eventId: first.eventId });
    expect(again).toMatchObject({ status: 200, body: { status: 'duplicate', eventId: first.eventId } });
    expect(await rowCount(first.eventId)).toBe(1);
  });

  it('when an event is signed with the previous secret during a rotation, then it is accepted', async () => {
    const res = await t.deliver(body(), { secret: PREVIOUS_SECRET });
    expect(res).toMatchObject({ status: 200, body: { status: 'received' } });
    expect(await rowCount(res.eventId)).toBe(1);
  });

  it('when the simulator signs with the current secret, then its webhooks are accepted', async () => {
    const rzpOrder = await fetch(`${t.system.urls.simulator}/v1/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from('rzp_test_devkey000000:dev_key_secret_change_me').toString('base64')}`,
      },
      body: JSON.stringify({ amount: 10_000, currency: 'INR', receipt: 'ingest-test' }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    const payment = await t.sim.pay(rzpOrder.id, { outcome: 'failed' });
    expect(payment.webhooks).toEqual([expect.objectContaining({ event: 'payment.failed', status: 200 })]);
  });

  const json = (eventId: string, extra: Record<string, string> = {}) => ({
    'content-type': 'application/json',
    'x-razorpay-event-id': eventId,
    ...extra,
  });
  const notJson = '{"event": "payment.captured", "order_id": "order_IngestTest0001",';
  const refusals: Array<{
    name: string;
    status: number;
    code: string;
    request: (eventId: string) => { body: string | Buffer; headers: Record<string, string> };
  }> = [
    {
      name: 'signed with another secret',
      status: 401,
      code: 'INVALID_WEBHOOK_SIGNATURE',
      request: (id) => ({
        body: body(),
        headers: json(id, { 'x-razorpay-signature': sign(body(), 'not-the-secret') }),
      }),
    },
    {
      name: 'signed over other bytes',
      status: 401,
      code: 'INVALID_WEBHOOK_SIGNATURE',
      request: (id) => ({
        body: body(),
        headers: json(id, { 'x-razorpay-signature': sign(`${body()} `, CURRENT_SECRET) }),
      }),
    },
    {
      name: 'without a signature header',
      status: 401,
      code: 'INVALID_WEBHOOK_SIGNATURE',
      request: (id) => ({ body: body(), headers: json(id) }),
    },
    {
      name: 'whose body is not JSON',
      status: 400,
      code: 'MALFORMED_JSON',
      request: (id) => ({
        body: notJson,
        headers: json(id, { 'x-razorpay-signature': sign(notJson, CURRENT_SECRET) }),
      }),
    },
    {
      name: 'whose content type is not JSON',
      status: 400,
      code: 'MALFORMED_JSON',
      request: (id) => ({ body: body(), headers: { ...json(id), 'content-type': 'text/plain' } }),
    },
    // Razorpay sends plain JSON: a compressed body is refused before it is inflated.
    {
      name: 'gzip-compressed (signed over the plain JSON)',
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      request: (id, b = body()) => ({
        body: gzipSync(b),
        headers: json(id, { 'content-encoding': 'gzip', 'x-razorpay-signature': sign(b, CURRENT_SECRET) }),
      }),
    },
    {
      name: 'labelled gzip but plain',
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      request: (id, b = body()) => ({
        body: b,
        headers: json(id, { 'content-encoding': 'gzip', 'x-razorpay-signature': sign(b, CURRENT_SECRET) }),
      }),
    },
  ];

  it.each(refusals)(
    'when a request arrives $name, then it is refused, nothing is stored and the log holds neither secret nor body',
    async ({ status, code, request: build }) => {
      const eventId = newEventId();
      const request = build(eventId);
      const logsBefore = t.logs.length;
      const res = await t.post(request.body, request.headers);

      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ status, code });
      expect(await rowCount(eventId)).toBe(0);
      const lines = t.logs.slice(logsBefore);
      const refusal = lines.find((l) => l.includes('Razorpay webhook refused'));
      expect(refusal).toBeDefined();
      expect(JSON.parse(refusal!)).toMatchObject({
        level: 40,
        eventId,
        ip: expect.any(String),
        reason: expect.any(String),
      });
      for (const line of lines) {
        expect(line).not.toContain(CURRENT_SECRET);
        expect(line).not.toContain(PREVIOUS_SECRET);
        expect(line).not.toContain('order_IngestTest0001');
        if (request.headers['x-razorpay-signature'])
          expect(line).not.toContain(request.headers['x-razorpay-signature']);
      }
    },
  );

  it('when a signed request has no event id, then it is refused with 400 and nothing is stored', async () => {
    const text = body();
    const before = await rowCount();
    const res = await t.post(text, {
      'content-type': 'application/json',
      'x-razorpay-signature': sign(text, CURRENT_SECRET),
    });
    expect(res.status).toBe(400);
    expect(res.body.invalidParams).toEqual([expect.objectContaining({ name: 'X-Razorpay-Event-Id' })]);
    expect(await rowCount()).toBe(before);
  });

  it('when the event store cannot be written, then Razorpay gets a 5xx, and its retry is stored once the store is back', async () => {
    const text = body();
    const eventId = newEventId();
    await t.sql('alter table payments.webhook_events rename to webhook_events_away');
    let res;
    try {
      res = await t.deliver(text, { secret: CURRENT_SECRET, eventId });
    } finally {
      await t.sql('alter table payments.webhook_events_away rename to webhook_events');
    }
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
    const retry = await t.deliver(text, { secret: CURRENT_SECRET, eventId });
    expect(retry).toMatchObject({ status: 200, body: { status: 'received' } });
  });

  it('counts arrivals by outcome and times the acknowledgement', async () => {
    const metrics = await t.metrics();
    expect(metrics).toMatch(
      /payments_webhooks_received_total\{event="payment.captured",outcome="accepted",service="payments"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /payments_webhooks_received_total\{event="payment.captured",outcome="duplicate",service="payments"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /payments_webhooks_received_total\{event="unknown",outcome="invalid_signature",service="payments"\} 3/,
    );
    expect(metrics).toMatch(
      /payments_webhooks_received_total\{event="unknown",outcome="malformed",service="payments"\} 5/,
    ); // not JSON, not JSON typed, no event id, two compressed
    expect(metrics).toMatch(/payments_webhook_ack_seconds_count\{service="payments"\} [1-9]/);
  });
});
