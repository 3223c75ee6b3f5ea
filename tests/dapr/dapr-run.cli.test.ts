// `dapr run -f dapr.yaml`, exactly as a developer types it: the real dapr CLI starts every app of
// the run file next to its own real daprd (the Razorpay simulator and the Python order-audit
// included), on the usual ports. Sagas go from checkout to the vendor frame, and order-audit
// records the OrderPlaced. The only difference from a developer's shell: DATABASE_URL names a
// database of the test's own (the CLI hands its environment to the apps).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { customerToken, vendorToken } from '../support/tokens';
import { openVendorSocket } from '../support/vendor-socket';

const ROOT = path.resolve(__dirname, '../..');
const DAPR = process.env.DAPR_CLI_PATH ?? path.join(os.homedir(), '.dapr/bin/dapr');
const URLS = {
  order: 'http://127.0.0.1:3001',
  catalog: 'http://127.0.0.1:3002',
  payments: 'http://127.0.0.1:3003',
  notifications: 'http://127.0.0.1:3004',
  audit: 'http://127.0.0.1:3005',
  sim: 'http://127.0.0.1:3099',
};

/** Until url answers (the simulator: any answer; it wants credentials) or the deadline passes. */
async function waitReady(url: string, deadline: number, run: () => string): Promise<void> {
  const isSim = url === URLS.sim;
  const probe = isSim ? `${url}/v1/orders` : url === URLS.audit ? `${url}/healthz` : `${url}/readyz`;
  for (;;) {
    if (
      await fetch(probe).then(
        (r) => r.ok || isSim,
        () => false,
      )
    )
      return;
    if (Date.now() > deadline) throw new Error(`${probe} not ready:\n${run().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('dapr run -f dapr.yaml', () => {
  let database: TestDatabase;
  let cli: ChildProcess;
  let output = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    cli = spawn(DAPR, ['run', '-f', 'dapr.yaml'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    cli.stdout!.on('data', (d) => (output += d));
    cli.stderr!.on('data', (d) => (output += d));
    // Six apps start at once on two cores: npm, tsx and a Python virtualenv each.
    const deadline = Date.now() + 150_000;
    for (const url of Object.values(URLS)) await waitReady(url, deadline, () => output);
  }, 180_000);

  afterAll(async () => {
    if (cli && cli.exitCode === null) {
      const exited = new Promise((r) => cli.once('exit', r));
      process.kill(-cli.pid!, 'SIGTERM');
      const timer = setTimeout(() => process.kill(-cli.pid!, 'SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    // Nothing of the run is left behind: no daprd, no app.
    const left = execFileSync('sh', [
      '-c',
      `ps -eo args | grep -E '^(.*/)?daprd .*--app-id (order|catalog|payments|notifications|order-audit|razorpay-sim)' || true`,
    ])
      .toString()
      .trim();
    await database?.drop();
    expect(left).toBe('');
  }, 60_000);

  it('carries sagas from checkout to the vendor frame, and order-audit records each OrderPlaced', async () => {
    const products = (await (await fetch(`${URLS.catalog}/api/v1/products`)).json()) as Array<{
      productId: string;
      vendorId: string;
      price: number;
      availableQuantity: number;
    }>;
    const product = products.find((p) => p.availableQuantity >= 4)!;
    expect(product).toBeDefined();
    const vendor = await openVendorSocket(URLS.notifications, await vendorToken(product.vendorId));
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${URLS.order}/api/v1/orders/checkout`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await customerToken()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ cartItems: [{ productId: product.productId, quantity: 2 }] }),
      });
      expect(res.status).toBe(200);
      const checkout = (await res.json()) as {
        orderId: string;
        amount: number;
        paymentIntent: { paymentProviderOrderId: string };
      };
      expect(checkout.amount).toBe(2 * product.price);
      const paid = await fetch(`${URLS.sim}/_sim/orders/${checkout.paymentIntent.paymentProviderOrderId}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ outcome: 'captured' }),
      });
      expect(paid.status).toBe(200);
      const frame = await vendor
        .next((f) => f.event === 'new_order' && f.data?.orderId === checkout.orderId, 20_000)
        .catch((err) => {
          throw new Error(`${(err as Error).message}\n${output.slice(-4000)}`);
        });
      expect(frame.data).toMatchObject({
        orderId: checkout.orderId,
        vendorId: product.vendorId,
        amount: checkout.amount,
      });

      let audit: { events?: Array<{ eventType: string }> } = {};
      for (let tries = 0; tries < 80 && !audit.events?.some((e) => e.eventType === 'OrderPlaced'); tries++) {
        const r = await fetch(`${URLS.audit}/api/v1/audit/orders/${checkout.orderId}`);
        audit = r.ok ? ((await r.json()) as typeof audit) : {};
        if (!audit.events?.length) await new Promise((r) => setTimeout(r, 250));
      }
      expect(audit.events?.map((e) => e.eventType)).toContain('OrderPlaced');
    }
    await vendor.close();
  }, 90_000);
});
