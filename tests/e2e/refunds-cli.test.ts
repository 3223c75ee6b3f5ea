// `npm run refunds`: an operator lists the refunds Razorpay refused for good (FAILED) and retries
// one. A retry keeps the refund's idempotency key and asks Razorpay first, so retrying twice (one
// after the other, or at once) refunds once.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEV_SECRETS, newEvent, SERVICE_TOKEN_HEADER } from '@saga/runtime';
import {
  about,
  type CompensationSystem,
  startCompensationSystem,
} from '../../services/payments/test/compensation.helpers';

const run = promisify(execFile);
const CLI = path.join(__dirname, '../../tools/refunds.ts');

describe('npm run refunds: FAILED refunds listed and retried', () => {
  let t: CompensationSystem;

  beforeAll(async () => {
    t = await startCompensationSystem({ REFUND_RETRY_BASE_MS: '50', REFUND_WORKER_INTERVAL_MS: '100' });
  });
  afterAll(() => t.close());
  afterEach(() => t.sim.configure({ failNext: 0 }));

  /** The CLI as an operator runs it, against this system's payments service. */
  async function refundsCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], {
        env: { ...process.env, PAYMENTS_URL: t.system.urls.payments },
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }
  /** The service credential the CLI sends by default (the development value, as the test system uses). */
  const credential = { [SERVICE_TOKEN_HEADER]: DEV_SECRETS.APP_API_TOKEN };
  const refundPosts = () => t.sim.stats().requests['POST /v1/payments/:id/refund'] ?? 0;

  /** A placed order whose refund Razorpay refuses once: the refund is FAILED. */
  async function failedRefund() {
    const order = await t.checkout();
    const payment = await t.sim.pay(order.rzpOrderId, { outcome: 'captured' });
    await t.settle();
    t.sim.configure({ failNext: { count: 1, status: 400 } });
    await t.system.hub.publish(
      'order-events',
      newEvent('RefundRequested', {
        orderId: order.orderId,
        paymentId: payment.id,
        amount: order.amount,
        currency: 'INR' as const,
        reason: 'the vendor could not fulfil the order',
      }),
    );
    await t.settle();
    expect(await t.refund(payment.id)).toMatchObject({ status: 'FAILED' });
    return { ...order, paymentId: payment.id };
  }

  it('lists a FAILED refund, retries it into one Razorpay refund, and a second retry changes nothing', async () => {
    const o = await failedRefund();
    const [createdBefore, postsBefore] = [t.sim.stats().refundsCreated, refundPosts()];

    const listed = await refundsCli('list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${o.paymentId}\t${o.orderId}\t${o.amount} INR\tFAILED\tattempts=1`);
    expect(listed.stdout).toMatch(/1 FAILED refund\(s\)/);

    const first = await refundsCli('retry', o.paymentId);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      retried: true,
      outcome: 'processed',
      refund: { paymentId: o.paymentId, status: 'PROCESSED', razorpayRefundId: expect.stringMatching(/^rfnd_/) },
    });
    const second = await refundsCli('retry', o.paymentId);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ retried: false, outcome: null, refund: { status: 'PROCESSED' } });
    await t.settle();

    expect(t.sim.stats().refundsCreated).toBe(createdBefore + 1);
    expect(refundPosts()).toBe(postsBefore + 1);
    expect(await t.razorpayRefunds(o.paymentId)).toEqual([
      expect.objectContaining({ amount: o.amount, status: 'processed' }),
    ]);
    expect(about(t.paymentEvents.events, 'PaymentRefunded', o.orderId)).toHaveLength(1);
    expect((await refundsCli('list')).stdout).toMatch(/^0 FAILED refund\(s\)$/m);
    // Every status: the processed refund is listed with both of its times.
    const all = await fetch(`${t.system.urls.payments}/api/v1/internal/refunds?status=all`, {
      headers: credential,
    }).then((r) => r.json() as Promise<{ refunds: Array<Record<string, unknown>> }>);
    expect(all.refunds.find((r) => r.paymentId === o.paymentId)).toMatchObject({
      status: 'PROCESSED',
      amount: o.amount,
      requestedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      processedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
  });

  it('two retries at once refund once', async () => {
    const o = await failedRefund();
    const createdBefore = t.sim.stats().refundsCreated;
    const retry = () =>
      fetch(`${t.system.urls.payments}/api/v1/internal/refunds/${o.paymentId}/retry`, {
        method: 'POST',
        headers: credential,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { retried: boolean } }));
    const answers = await Promise.all([retry(), retry()]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.filter((a) => a.body.retried)).toHaveLength(1);
    await t.waitFor('the refund', async () => (await t.refund(o.paymentId))?.status === 'PROCESSED');
    await t.settle();
    expect(t.sim.stats().refundsCreated).toBe(createdBefore + 1);
    expect(about(t.paymentEvents.events, 'PaymentRefunded', o.orderId)).toHaveLength(1);
  });

  it('answers clearly for a payment with no refund, and for a bad status', async () => {
    const missing = await refundsCli('retry', 'pay_NoSuchRefund0');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const bad = await fetch(`${t.system.urls.payments}/api/v1/internal/refunds?status=LOST`, { headers: credential });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      invalidParams: [expect.objectContaining({ name: 'status' })],
    });
    expect((await refundsCli('list', 'LOST')).code).toBe(2);
  });

  it('is refused without the service credential, and says which variable to set', async () => {
    const res = await run(process.execPath, ['--import', 'tsx', CLI, 'list'], {
      env: { ...process.env, PAYMENTS_URL: t.system.urls.payments, APP_API_TOKEN: 'not-the-token' },
    }).catch((e) => e);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('payments refused the credential (401): set APP_API_TOKEN');
  });
});
