// pg deprecates a query issued on a connection still executing another (pg@9 removes it). No path
// of ours may rely on it: pipelined transactions use pg's own pipeline mode, and on a pool without
// pipelining (PGlite under `npm start`, or DB_PIPELINE=false) the search_path statement run on each
// new connection is awaited before the connection is handed out (it used to race the first query,
// and every `npm start` printed the warning). The system runs a paid saga; the warning never shows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRazorpaySimulator, type RazorpaySimulator } from '@saga/razorpay-sim';
import { childSystem, type ChildSystem } from '../support/child-system';
import { postCheckout } from '../support/checkout-client';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { customerToken } from '../support/tokens';
import { until } from '../support/until';

describe.each([
  ['PostgreSQL with pipelined transactions', 'postgres', {}],
  ['PostgreSQL without pipelining (DB_PIPELINE=false)', 'postgres', { DB_PIPELINE: 'false' }],
  ['PGlite, as npm start runs without DATABASE_URL', 'pglite', {}],
] as const)('the embedded system on %s', (_name, database, extraEnv) => {
  let testDatabase: TestDatabase | undefined;
  let pgliteDir: string | undefined;
  let sim: RazorpaySimulator;
  let system: ChildSystem;

  beforeAll(async () => {
    sim = createRazorpaySimulator({ webhookRetries: 2 });
    const simUrl = (await sim.listen(0)).url;
    let databaseEnv: Record<string, string>;
    if (database === 'postgres') {
      testDatabase = await createTestDatabase();
      databaseEnv = { DATABASE_URL: testDatabase.url };
    } else {
      pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saga-pglite-'));
      databaseEnv = { DATABASE_URL: '', PGLITE_DIR: pgliteDir };
    }
    // --trace-deprecation: printed with its stack, whatever NODE_OPTIONS the test runner has.
    system = await childSystem(
      { ...databaseEnv, ...extraEnv, RAZORPAY_API_URL: simUrl, NODE_OPTIONS: '--trace-deprecation' },
      120_000,
    );
    await system.start();
    sim.configure({ webhookUrl: `${system.urls.payments}/api/v1/webhooks/razorpay` });
  }, 150_000);

  afterAll(async () => {
    await system?.stop();
    await sim?.close();
    await testDatabase?.drop();
    if (pgliteDir) fs.rmSync(pgliteDir, { recursive: true, force: true });
  });

  it('runs a paid saga and never prints a pg deprecation warning', async () => {
    const token = await customerToken('deprecation-customer');
    // The demo catalog (seeded on first start).
    const checkout = await postCheckout(system.urls.order, [{ productId: 'dosa-masala', quantity: 1 }], { token });
    expect(checkout.status).toBe(200);
    await sim.pay(checkout.body.paymentIntent.paymentProviderOrderId, { outcome: 'captured' });
    const status = await until(
      async () =>
        (
          (await (
            await fetch(`${system.urls.order}/api/v1/orders/${checkout.body.orderId}`, {
              headers: { authorization: `Bearer ${token}` },
            })
          ).json()) as { status: string }
        ).status,
      (s) => s === 'PENDING_VENDOR_ACCEPTANCE',
      30_000,
    );
    expect(status).toBe('PENDING_VENDOR_ACCEPTANCE');
    expect(await system.stop()).toBe(0);
    // pg's own words (other packages' deprecations, e.g. of the pages' build, are not this test's business).
    expect(system.output()).not.toMatch(
      /DeprecationWarning: Calling client\.query\(\) when the client is already executing a query/,
    );
    expect(system.output()).not.toMatch(/DeprecationWarning[^\n]*pg@9/);
  }, 60_000);
});
