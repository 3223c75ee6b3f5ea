// A database restart or failover, as the services see it: every connection is terminated
// (pg_terminate_backend, 57P01) under load, several times. The process stays up; a request caught
// by a kill fails with a retryable 503 problem+json and nothing internal in it; and every payment
// taken during or after the kills ends in one placed order, one sale and one vendor notification.
import { type ChildSystemForSagas, childSystemForSagas } from '../support/child-system-for-sagas';
import { payingCustomers } from '../support/paying-customers';
import { sagaOutcome, settledOnce, stockLedger } from '../support/saga-outcomes';
import { until } from '../support/until';

const PRODUCTS = [
  { productId: 'kill-idli', vendorId: 'vendor-kill-a', stock: 10_000 },
  { productId: 'kill-vada', vendorId: 'vendor-kill-b', stock: 10_000 },
];
const KILL_ROUNDS = 6;

describe('database connections killed under load', () => {
  let fixture: ChildSystemForSagas;
  let sim: ChildSystemForSagas['sim'];
  let system: ChildSystemForSagas['system'];
  let sql: ChildSystemForSagas['sql'];

  beforeAll(async () => {
    // Razorpay retries a webhook our side could not store, as it does for 24 h.
    fixture = await childSystemForSagas({ webhookRetries: 6, products: PRODUCTS, pricePaise: 9000 });
    ({ sim, system, sql } = fixture);
  }, 90_000);

  afterAll(() => fixture?.close());

  it('stays up, answers the requests a kill caught with a retryable 503, and completes every paid saga', async () => {
    const load = payingCustomers({
      orderUrl: () => system.urls.order,
      sim,
      productIds: PRODUCTS.map((p) => p.productId),
      customers: 6,
    });
    let terminated = 0;
    for (let round = 0; round < KILL_ROUNDS; round++) {
      await new Promise((r) => setTimeout(r, 1500));
      const killed = await sql<{ n: number }>(
        'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      terminated += killed[0]!.n;
    }
    const sagas = await load.stop();

    const crashed = system.running() ? '' : system.output().slice(-2000);
    expect({ crashed, unanswered: load.unanswered.slice(0, 3) }).toEqual({ crashed: '', unanswered: [] });
    expect(terminated).toBeGreaterThan(KILL_ROUNDS);
    expect(sagas.length).toBeGreaterThan(0);
    // Some requests were caught by a kill (else this test proves nothing about them), and each got a retryable 503.
    const refused = load.answers.filter((a) => a.status !== 200);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer).toMatchObject({
        status: 503,
        contentType: expect.stringMatching(/^application\/problem\+json/),
        retryAfter: expect.stringMatching(/^\d+$/),
      });
      expect(JSON.stringify(answer.body)).not.toMatch(/terminat|57P01|connection|ECONN|at \w+ \(/i);
    }
    for (const url of Object.values(system.urls)) expect((await fetch(`${url}/readyz`)).status).toBe(200);

    // Every payment taken ends in its order placed, its stock sold and its vendor told, once.
    // One at a time: one connection (the one the kills spare) serves the test's reads.
    const outcomes = async () => {
      const all = [];
      for (const saga of sagas) all.push(await sagaOutcome(sql, sim.url!, saga));
      return all;
    };
    const final = await until(outcomes, (all) => all.every(settledOnce), 60_000, 500);
    expect(final.filter((o) => !settledOnce(o))).toEqual([]);
    expect(final.every((o) => o.placed)).toBe(true);

    for (const p of PRODUCTS) {
      const ledger = await stockLedger(sql, p.productId);
      expect(ledger.stock).toBe(p.stock - ledger.sold);
      expect(ledger.reserved).toBe(ledger.held);
    }
  }, 180_000);
});
