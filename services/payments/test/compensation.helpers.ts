// Shared steps of the refund and reconciliation tests: the whole embedded system (simulator, hub,
// four services) on a database of its own, probes on both topics, and helpers that read like the
// steps of a test. Waiting is done on the system's own signals (relays drained, hub idle, payments'
// background work idle), never with fixed sleeps.
import { randomBytes } from 'node:crypto';
import type { AnyEvent } from '@saga/contracts';
import type { ReconcileWorker, RefundWorker, WebhookReprocessWorker } from '@saga/payments';
import type { RazorpaySimulator } from '@saga/razorpay-sim';
import pino from 'pino';
import { probe } from '../../../tests/support/event-probe';
import { startTestSystem, type TestSystem } from '../../../tests/support/test-system';

const BASIC = `Basic ${Buffer.from('rzp_test_devkey000000:dev_key_secret_change_me').toString('base64')}`;

/** Payments' background workers, from the running service's list (each can run one pass on demand). */
export interface PaymentsWorkers {
  reconcile: ReconcileWorker;
  refunds: RefundWorker;
  webhookReprocess: WebhookReprocessWorker;
  /** Resolves when no webhook processing or refund attempt started in the background is running. */
  idle(): Promise<void>;
}

export interface CompensationSystem {
  system: TestSystem;
  sim: RazorpaySimulator;
  workers: PaymentsWorkers;
  paymentEvents: ReturnType<typeof probe>;
  orderEvents: ReturnType<typeof probe>;
  /** Every log line (JSON text) at info and above. */
  logs: string[];
  /** Until nothing is left to do: webhooks processed, refunds tried, outboxes published, events consumed. */
  settle(): Promise<void>;
  waitFor(what: string, check: () => Promise<boolean>, timeoutMs?: number): Promise<void>;
  /** A product of its own, checked out by a customer: the order and its Razorpay order. */
  checkout(price?: number): Promise<{ orderId: string; rzpOrderId: string; amount: number }>;
  order(orderId: string): Promise<{ status: string; payment_id: string | null } | undefined>;
  payment(orderReference: string): Promise<Record<string, any>>;
  refund(paymentId: string): Promise<Record<string, any> | undefined>;
  /** GET /v1/payments/{id}/refunds on the simulator, as Razorpay's dashboard would show them. */
  razorpayRefunds(paymentId: string): Promise<Array<{ id: string; amount: number; status: string; notes: unknown }>>;
  razorpay(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any }>;
  metrics(): Promise<string>;
  close(): Promise<void>;
}

export async function startCompensationSystem(env: Record<string, string> = {}): Promise<CompensationSystem> {
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  const system = await startTestSystem({ env: { WEBHOOK_REPROCESS_INTERVAL_MS: '100', ...env }, logger });
  const sim = system.sim as RazorpaySimulator;
  const running = system.services.payments.workers;
  const workers: PaymentsWorkers = {
    reconcile: running.reconcile as ReconcileWorker,
    refunds: running.refunds as RefundWorker,
    webhookReprocess: running['webhook-reprocess'] as WebhookReprocessWorker,
    async idle() {
      await this.webhookReprocess.idle();
      await this.refunds.idle();
    },
  };
  const paymentEvents = probe(system.hub, 'payment-events');
  const orderEvents = probe(system.hub, 'order-events');

  const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const razorpay = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${system.urls.simulator}${path}`, {
      method,
      headers: {
        authorization: BASIC,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  return {
    system,
    sim,
    workers,
    paymentEvents,
    orderEvents,
    logs,
    async settle() {
      for (let round = 0; round < 4; round++) {
        await sim.waitForWebhooks();
        await workers.idle();
        await Promise.all(Object.values(system.services).map((s) => s.ctx.relay.drain()));
        await system.hub.idle();
      }
    },
    waitFor,
    async checkout(price = 30_000) {
      const productId = `dish-${randomBytes(4).toString('hex')}`;
      await system.addProduct({ productId, vendorId: 'vendor-a', price, stock: 10 });
      const res = await system.checkout([{ productId, quantity: 1 }]);
      if (res.status !== 200) throw new Error(`checkout answered ${res.status}: ${JSON.stringify(res.body)}`);
      return {
        orderId: res.body.orderId,
        rzpOrderId: res.body.paymentIntent.paymentProviderOrderId,
        amount: res.body.amount,
      };
    },
    async order(orderId) {
      const [row] = await system.sql<{ status: string; payment_id: string | null }>(
        'select status, payment_id from orders.orders where order_id = $1',
        [orderId],
      );
      return row;
    },
    async payment(orderReference) {
      const [row] = await system.sql('select * from payments.payments where order_reference = $1', [orderReference]);
      if (!row) throw new Error(`no payment ${orderReference}`);
      return row;
    },
    async refund(paymentId) {
      const [row] = await system.sql('select * from payments.refunds where payment_id = $1', [paymentId]);
      return row;
    },
    async razorpayRefunds(paymentId) {
      const res = await razorpay('GET', `/v1/payments/${paymentId}/refunds`);
      if (res.status !== 200) throw new Error(`simulator answered ${res.status}`);
      return res.body.items;
    },
    razorpay,
    metrics: async () => (await fetch(`${system.urls.payments}/metrics`)).text(),
    close: () => system.close(),
  };
}

/** The events of one type about one order (payment-events carry orderReference, order-events orderId). */
export const about = (events: AnyEvent[], type: string, orderId: string) =>
  events.filter(
    (e) => e.eventType === type && [(e.payload as any).orderReference, (e.payload as any).orderId].includes(orderId),
  );
