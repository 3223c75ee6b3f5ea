// The simulator with a database keeps its state across restarts: an order created before is paid
// after, a refund asked for again under its idempotency key is the same refund, and the lists keep
// their order. Without a database it keeps nothing, as before.
import { Client } from 'pg';
import { createRazorpaySimulator, type RazorpaySimulator } from '../src';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';
import {
  basicAuthHeader,
  getJson,
  KEY_ID,
  KEY_SECRET,
  postJson,
  startReceiver,
  WEBHOOK_SECRET,
  type WebhookReceiver,
} from './helpers';

describe('Razorpay simulator: state kept in PostgreSQL across restarts', () => {
  let database: TestDatabase;
  let receiver: WebhookReceiver;
  const running: RazorpaySimulator[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    for (const sim of running) await sim.close();
    await receiver.close();
    await database.drop();
  });

  /** null: no database. */
  async function start(databaseUrl: string | null = database.url): Promise<{ sim: RazorpaySimulator; url: string }> {
    const sim = createRazorpaySimulator({
      keyId: KEY_ID,
      keySecret: KEY_SECRET,
      webhookSecret: WEBHOOK_SECRET,
      webhookUrl: receiver.url,
      databaseUrl: databaseUrl ?? undefined,
    });
    running.push(sim);
    const { url } = await sim.listen(0);
    return { sim, url };
  }
  async function stop({ sim }: { sim: RazorpaySimulator }): Promise<void> {
    await sim.close();
    running.splice(running.indexOf(sim), 1);
  }
  const auth = { Authorization: basicAuthHeader() };
  const createOrder = async (url: string, receipt: string) =>
    (await postJson(`${url}/v1/orders`, { amount: 25000, currency: 'INR', receipt }, auth)).body;

  test('an order created before a restart is paid after it, with its webhooks, and the lists keep their order', async () => {
    const before = await start();
    const first = await createOrder(before.url, 'persist-1');
    const second = await createOrder(before.url, 'persist-2');
    await stop(before);

    const after = await start();
    expect((await getJson(`${after.url}/v1/orders/${first.id}`, auth)).body).toEqual(first);
    const paid = await postJson(`${after.url}/_sim/orders/${first.id}/pay`, { outcome: 'captured' });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({
      order_id: first.id,
      status: 'captured',
      webhooks: [{ status: 200 }, { status: 200 }, { status: 200 }],
    });
    const listed = (await getJson(`${after.url}/v1/orders?count=10`, auth)).body.items.map((o: { id: string }) => o.id);
    expect(listed.indexOf(second.id)).toBeLessThan(listed.indexOf(first.id)); // newest first
    await stop(after);

    const again = await start();
    expect((await getJson(`${again.url}/v1/orders/${first.id}`, auth)).body).toMatchObject({
      status: 'paid',
      amount_paid: 25000,
    });
    expect((await getJson(`${again.url}/v1/orders/${first.id}/payments`, auth)).body.items).toEqual([
      expect.objectContaining({ id: paid.body.id, status: 'captured' }),
    ]);
    expect(
      again.sim
        .webhookEvents()
        .filter((e) => e.orderId === first.id)
        .map((e) => [e.event, e.delivered]),
    ).toEqual([
      ['payment.authorized', true],
      ['payment.captured', true],
      ['order.paid', true],
    ]);
    await stop(again);
  });

  test('a refund asked for again after a restart, under the same idempotency key, is the same refund', async () => {
    const before = await start();
    const order = await createOrder(before.url, 'persist-refund');
    const payment = (
      await postJson(`${before.url}/_sim/orders/${order.id}/pay`, { outcome: 'captured', webhook: false })
    ).body;
    const headers = { ...auth, 'X-Refund-Idempotency': `refund-${payment.id}` };
    const refund = await postJson(`${before.url}/v1/payments/${payment.id}/refund`, { amount: 25000 }, headers);
    expect(refund.status).toBe(200);
    await stop(before);

    const after = await start();
    const replay = await postJson(`${after.url}/v1/payments/${payment.id}/refund`, { amount: 25000 }, headers);
    expect(replay).toEqual({ status: 200, body: refund.body });
    expect((await getJson(`${after.url}/v1/payments/${payment.id}/refunds`, auth)).body.items).toEqual([refund.body]);
    expect(after.sim.stats().refundsCreated).toBe(0);
    await stop(after);
  });

  test('keeps its rows in a schema of its own, and reset clears them', async () => {
    const { sim, url } = await start();
    await createOrder(url, 'persist-reset');
    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    try {
      const count = async () => Number((await pg.query(`select count(*) as n from razorpay_sim.entities`)).rows[0].n);
      expect(await count()).toBeGreaterThan(0);
      await sim.reset();
      expect(await count()).toBe(0);
    } finally {
      await pg.end();
    }
    await stop({ sim });
  });

  test('without a database it keeps nothing across a restart', async () => {
    const before = await start(null);
    const order = await createOrder(before.url, 'memory-only');
    await stop(before);
    const after = await start(null);
    expect((await getJson(`${after.url}/v1/orders/${order.id}`, auth)).status).toBe(400); // Razorpay's answer to an unknown id
    await stop(after);
  });
});
