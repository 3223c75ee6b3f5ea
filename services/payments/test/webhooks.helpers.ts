// Test harness for the Razorpay webhook tests: the embedded system (simulator, hub, four services)
// on ephemeral ports against a database of its own, with the logs captured in memory (to check
// what a refusal logs), a probe on payment-events, and helpers to sign and send webhooks by hand.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { AnyEvent } from '@saga/contracts';
import type { RazorpaySimulator } from '@saga/razorpay-sim';
import { DEV_SECRETS, SERVICE_TOKEN_HEADER } from '@saga/runtime';
import pino from 'pino';
import type { RunningSystem } from '../../../tools/system/start-system';
import { startTestSystem } from '../../../tests/support/test-system';
import { customerToken } from '../../../tests/support/tokens';

export const WEBHOOK_PATH = '/api/v1/webhooks/razorpay';
export const DEV_WEBHOOK_SECRET = DEV_SECRETS.RAZORPAY_WEBHOOK_SECRET;

export interface WebhookTestSystem {
  system: RunningSystem;
  sim: RazorpaySimulator;
  /** Every log line of the system (all services and the simulator), as JSON text. */
  logs: string[];
  /** Every event published on payment-events since start. */
  paymentEvents: AnyEvent[];
  sql<T = Record<string, any>>(text: string, params?: unknown[]): Promise<T[]>;
  /** A payment intent (Razorpay order) for a new order reference, straight from the payments service. */
  newIntent(amount?: number): Promise<{ orderReference: string; rzpOrderId: string; amount: number }>;
  /** POSTs to the webhook endpoint exactly these bytes and headers. */
  post(body: string | Uint8Array, headers: Record<string, string>): Promise<{ status: number; body: any }>;
  /** POSTs a body signed like Razorpay (secret: the development one unless given). */
  deliver(
    body: string,
    options?: { eventId?: string; secret?: string },
  ): Promise<{ status: number; body: any; eventId: string }>;
  /** Waits until every delivered webhook is processed and the events it caused are published. */
  settle(): Promise<void>;
  eventsFor(orderReference: string): AnyEvent[];
  paymentRow(orderReference: string): Promise<{ status: string; payment_id: string | null; method: string | null }>;
  webhookRow(
    eventId: string,
  ): Promise<{ status: string; event_type: string; last_error: string | null; attempts: number } | undefined>;
  metrics(): Promise<string>;
  close(): Promise<void>;
}

export const sign = (body: string, secret: string = DEV_WEBHOOK_SECRET) =>
  createHmac('sha256', secret).update(body).digest('hex');
export const newEventId = () => `evt_test_${randomBytes(8).toString('hex')}`;

/** A webhook body shaped like Razorpay's, for events the simulator would not send. */
export function razorpayBody(
  event: string,
  p: {
    rzpOrderId: string;
    amount: number;
    paymentId?: string;
    currency?: string;
    status?: string;
    withOrder?: boolean;
  },
): string {
  const status =
    p.status ?? (event === 'payment.failed' ? 'failed' : event === 'payment.authorized' ? 'authorized' : 'captured');
  const payment = {
    id: p.paymentId ?? `pay_${randomBytes(7).toString('hex')}`,
    entity: 'payment',
    amount: p.amount,
    currency: p.currency ?? 'INR',
    status,
    order_id: p.rzpOrderId,
    method: 'upi',
    captured: status === 'captured',
    error_code: status === 'failed' ? 'BAD_REQUEST_ERROR' : null,
    error_description: status === 'failed' ? 'Payment failed' : null,
    created_at: Math.floor(Date.now() / 1000),
  };
  const order = {
    id: p.rzpOrderId,
    entity: 'order',
    amount: p.amount,
    amount_paid: p.amount,
    amount_due: 0,
    currency: 'INR',
    receipt: null,
    status: 'paid',
    attempts: 1,
    created_at: Math.floor(Date.now() / 1000),
  };
  return JSON.stringify({
    entity: 'event',
    account_id: 'acc_test000000001',
    event,
    contains: p.withOrder ? ['payment', 'order'] : ['payment'],
    payload: { payment: { entity: payment }, ...(p.withOrder ? { order: { entity: order } } : {}) },
    created_at: Math.floor(Date.now() / 1000),
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function startWebhookTestSystem(env: Record<string, string> = {}): Promise<WebhookTestSystem> {
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  const system = await startTestSystem({ env: { WEBHOOK_REPROCESS_INTERVAL_MS: '100', ...env }, logger });
  const sim = system.sim as RazorpaySimulator;
  const sql = system.sql;
  const paymentEvents: AnyEvent[] = [];
  system.hub.addSubscriber('probe', { topic: 'payment-events', handler: async (e) => void paymentEvents.push(e.data) });
  const payments = system.services.payments;

  const post = async (body: string | Uint8Array, headers: Record<string, string>) => {
    const res = await fetch(`${payments.url}${WEBHOOK_PATH}`, { method: 'POST', headers, body });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  return {
    system,
    sim,
    logs,
    paymentEvents,
    sql,
    async newIntent(amount = 45_000) {
      const orderReference = randomUUID();
      const res = await fetch(`${payments.url}/api/v1/internal/payments/create-intent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SERVICE_TOKEN_HEADER]: system.config.APP_API_TOKEN! },
        body: JSON.stringify({ amount, currency: 'INR', orderReference }),
      });
      if (res.status !== 200) throw new Error(`create-intent answered ${res.status}`);
      const intent = (await res.json()) as { paymentProviderOrderId: string };
      return { orderReference, rzpOrderId: intent.paymentProviderOrderId, amount };
    },
    post,
    async deliver(body, options = {}) {
      const eventId = options.eventId ?? newEventId();
      const res = await post(body, {
        'content-type': 'application/json',
        'x-razorpay-signature': sign(body, options.secret),
        'x-razorpay-event-id': eventId,
      });
      return { ...res, eventId };
    },
    async settle() {
      // Twice: processing may call Razorpay, whose answer sends more webhooks in the background.
      for (let round = 0; round < 2; round++) {
        await sim.waitForWebhooks();
        await waitFor(
          'webhook processing',
          async () =>
            (
              await sql<{ n: number }>(
                `select count(*)::int as n from payments.webhook_events where status = 'RECEIVED'`,
              )
            )[0]!.n === 0,
        );
      }
      await payments.ctx.relay.drain();
      await system.hub.idle();
    },
    eventsFor: (orderReference) =>
      paymentEvents.filter((e) => (e.payload as { orderReference?: string }).orderReference === orderReference),
    async paymentRow(orderReference) {
      const [row] = await sql<{ status: string; payment_id: string | null; method: string | null }>(
        'select status, payment_id, method from payments.payments where order_reference = $1',
        [orderReference],
      );
      if (!row) throw new Error(`no payment ${orderReference}`);
      return row;
    },
    async webhookRow(eventId) {
      const [row] = await sql<{ status: string; event_type: string; last_error: string | null; attempts: number }>(
        'select status, event_type, last_error, attempts from payments.webhook_events where event_id = $1',
        [eventId],
      );
      return row;
    },
    metrics: async () => (await fetch(`${payments.url}/metrics`)).text(),
    close: () => system.close(),
  };
}

/** Makes a checkout through the order service for a product of its own; returns the order and its Razorpay order. */
export async function checkout(
  t: WebhookTestSystem,
  price = 30_000,
): Promise<{ orderId: string; rzpOrderId: string; amount: number }> {
  const productId = `dish-${randomBytes(4).toString('hex')}`;
  await t.sql(
    'insert into catalog.products (product_id, vendor_id, name, price_paise, stock) values ($1, $2, $3, $4, $5)',
    [productId, 'vendor-a', productId, price, 10],
  );
  const res = await fetch(`${t.system.urls.order}/api/v1/orders/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await customerToken()}` },
    body: JSON.stringify({ cartItems: [{ productId, quantity: 1 }] }),
  });
  const body = (await res.json()) as {
    orderId: string;
    amount: number;
    paymentIntent: { paymentProviderOrderId: string };
  };
  if (res.status !== 200) throw new Error(`checkout answered ${res.status}: ${JSON.stringify(body)}`);
  return { orderId: body.orderId, rzpOrderId: body.paymentIntent.paymentProviderOrderId, amount: body.amount };
}
