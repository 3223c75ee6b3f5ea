// Drives one customer's whole saga: checkout -> pay on Razorpay (the simulator sends the signed
// webhooks) -> the vendor's socket receives new_order. Records each step's latency.
import http from 'node:http';
import { Samples } from './stats';
import type { VendorListener } from './vendor-listener';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

export interface Cart {
  token: string;
  cartItems: Array<{ productId: string; quantity: number }>;
}

export class SagaStats {
  checkout = new Samples();
  pay = new Samples();
  webhookAck = new Samples();
  webhookToVendor = new Samples();
  saga = new Samples();
  completed = 0;
  errors = 0;
  errorKinds = new Map<string, number>();
  recording = false;

  error(kind: string): void {
    this.errors++;
    this.errorKinds.set(kind, (this.errorKinds.get(kind) ?? 0) + 1);
  }

  /** Plain data, to cross from the load driver's process. */
  toJSON(): SagaStatsData {
    return {
      samples: Object.fromEntries(STEPS.map((step) => [step, this[step].raw()])) as Record<Step, number[]>,
      completed: this.completed,
      errors: this.errors,
      errorKinds: Object.fromEntries(this.errorKinds),
    };
  }

  static from(data: SagaStatsData): SagaStats {
    const stats = new SagaStats();
    for (const step of STEPS) stats[step] = Samples.of(data.samples[step]);
    stats.completed = data.completed;
    stats.errors = data.errors;
    stats.errorKinds = new Map(Object.entries(data.errorKinds));
    return stats;
  }
}

const STEPS = ['checkout', 'pay', 'webhookAck', 'webhookToVendor', 'saga'] as const;
type Step = (typeof STEPS)[number];

export interface SagaStatsData {
  samples: Record<Step, number[]>;
  completed: number;
  errors: number;
  errorKinds: Record<string, number>;
}

function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': String(payload.length), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const now = () => performance.timeOrigin + performance.now();

/** A saga whose vendor frame has not come by then counts as an error (the audit still checks it was not lost). */
const FRAME_TIMEOUT_MS = 10_000;

export async function runSaga(
  urls: { order: string; simulator: string },
  cart: Cart,
  vendors: VendorListener,
  stats: SagaStats,
): Promise<void> {
  const record = stats.recording;
  const started = now();
  const checkout = await post(
    `${urls.order}/api/v1/orders/checkout`,
    { cartItems: cart.cartItems },
    { authorization: `Bearer ${cart.token}` },
  );
  const checkedOut = now();
  if (checkout.status !== 200)
    return record ? stats.error(`checkout ${checkout.status} ${checkout.body?.code ?? ''}`) : undefined;
  const { orderId, paymentIntent } = checkout.body;
  const frame = vendors.waitFor(orderId, FRAME_TIMEOUT_MS);
  // Observed at once: under overload the pay call itself can outlast the frame's deadline, and an
  // unobserved rejection would end the load driver (and the run) instead of counting one error.
  frame.catch(() => undefined);
  const pay = await post(`${urls.simulator}/_sim/orders/${paymentIntent.paymentProviderOrderId}/pay`, {
    outcome: 'captured',
  });
  const paid = now();
  if (pay.status !== 200) {
    return record ? stats.error(`pay ${pay.status}`) : undefined;
  }
  const webhooks = pay.body.webhooks as Array<{
    event: string;
    delivered: boolean;
    sentAt: number;
    durationMs: number;
  }>;
  let frameAt: number;
  try {
    frameAt = await frame;
  } catch {
    return record ? stats.error(`no vendor frame within ${FRAME_TIMEOUT_MS / 1000} s`) : undefined;
  }
  if (!record) return;
  if (webhooks.some((w) => !w.delivered)) stats.error('webhook not acknowledged');
  webhooks.forEach((w) => stats.webhookAck.add(w.durationMs));
  const captured = webhooks.find((w) => w.event === 'payment.captured');
  if (captured) stats.webhookToVendor.add(frameAt - captured.sentAt);
  stats.checkout.add(checkedOut - started);
  stats.pay.add(paid - checkedOut);
  stats.saga.add(Math.max(frameAt, paid) - started);
  stats.completed++;
}
