// Faults next to real daprd, under a stream of sagas: a sidecar killed and started again mid-run,
// and Redis (the broker) unreachable for 10 s. No saga may be lost: every paid order ends placed,
// its vendor notified once, and the stock sold exactly once.
import { execFileSync } from 'node:child_process';
import { type RealDaprSystem, type Service, startRealDaprSystem } from '../support/real-dapr-system';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('faults next to real daprd', () => {
  let system: RealDaprSystem;
  beforeAll(async () => {
    system = await startRealDaprSystem();
    await system.addProduct({ productId: 'ft-vada', vendorId: 'vendor-ft', price: 3000, stock: 1000 });
  }, 120_000);
  afterAll(() => system?.close(), 30_000);

  /** Sagas one after another (checkout, then pay) until `stop` resolves; the paid order ids. */
  async function sagasUntil(stop: Promise<void>): Promise<string[]> {
    let stopped = false;
    void stop.then(() => (stopped = true));
    const paid: string[] = [];
    while (!stopped) {
      const { status, body } = await system.checkout([{ productId: 'ft-vada', quantity: 1 }]);
      // A checkout refused while a sidecar is down (503) started no saga: nothing to lose.
      if (status === 200) {
        await system.sim.pay(body.paymentIntent.paymentProviderOrderId, { outcome: 'captured' });
        paid.push(body.orderId);
      }
      await sleep(100);
    }
    return paid;
  }

  /** Every paid order placed and notified once, the stock sold once each. */
  async function expectNothingLost(paid: string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let placed = 0;
    let notified = 0;
    while (Date.now() < deadline) {
      placed = (
        await system.sql<{ n: number }>(
          `select count(*)::int as n from orders.orders where order_id = any($1) and status = 'PENDING_VENDOR_ACCEPTANCE'`,
          [paid],
        )
      )[0]!.n;
      notified = (
        await system.sql<{ n: number }>(
          `select count(*)::int as n from notifications.notifications where data->>'orderId' = any($1) and event = 'new_order'`,
          [paid],
        )
      )[0]!.n;
      const { reserved } = await system.stockOf('ft-vada');
      if (placed === paid.length && notified === paid.length && reserved === 0) break;
      await sleep(500);
    }
    expect({ placed, notified }).toEqual({ placed: paid.length, notified: paid.length });
    const { stock } = await system.stockOf('ft-vada');
    const placedAll = (
      await system.sql<{ n: number }>(
        `select count(*)::int as n from orders.orders where status = 'PENDING_VENDOR_ACCEPTANCE'`,
      )
    )[0]!.n;
    expect(1000 - stock).toBe(placedAll);
    expect(await system.stockOf('ft-vada')).toMatchObject({ reserved: 0 });
  }

  it.each<Service>(['payments', 'notifications'])(
    'loses no saga when the %s sidecar is killed and started again mid-run',
    async (service) => {
      const fault = (async () => {
        await sleep(1500);
        system.sidecars[service].kill();
        await sleep(2000);
        await system.sidecars[service].start();
        await sleep(2000);
      })();
      const paid = await sagasUntil(fault);
      expect(paid.length).toBeGreaterThan(3);
      await expectNothingLost(paid, 90_000);
    },
    150_000,
  );

  it('loses no saga when Redis is unreachable for 10 s', async () => {
    const redisPid = execFileSync('pgrep', ['-x', 'redis-server']).toString().trim().split('\n')[0]!;
    const fault = (async () => {
      await sleep(1500);
      process.kill(Number(redisPid), 'SIGSTOP');
      try {
        await sleep(10_000);
      } finally {
        process.kill(Number(redisPid), 'SIGCONT');
      }
      await sleep(2000);
    })();
    const paid = await sagasUntil(fault);
    expect(paid.length).toBeGreaterThan(3);
    await expectNothingLost(paid, 120_000);
  }, 180_000);
});
