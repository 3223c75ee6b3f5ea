// `npm run bench:reconcile -- --orders 10000 [--paid-percent 1] [--out bench-results/reconcile-bench.json]`
// One full reconciliation of N open payments against the Razorpay simulator: the payments service
// alone (no other service), N Razorpay orders in the simulator and N matching INTENT_CREATED
// payments (a minute old) in one bulk insert, a share of them paid at Razorpay with no webhook.
// Timed: the reconcile worker's passes until nothing is due. Budget: 10,000 orders under 5 s.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReconcileReport, ReconcileWorker } from '@saga/payments';
import { paymentsService } from '@saga/payments';
import { createRazorpaySimulator, DEV_DEFAULTS } from '@saga/razorpay-sim';
import { startSingleService } from '../support/single-service';
import { readFlags } from './args';

interface Args {
  orders: number;
  paidPercent: number;
  out: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { orders: 10_000, paidPercent: 1, out: 'bench-results/reconcile-bench.json' };
  readFlags(argv, (flag, { text, num }) => {
    switch (flag) {
      case '--orders':
        args.orders = Math.max(1, Math.floor(num()));
        return true;
      case '--paid-percent':
        args.paidPercent = Math.min(100, num());
        return true;
      case '--out':
        args.out = text();
        return true;
      default:
        return false;
    }
  });
  return args;
}

/** At most `width` calls of `fn` at once over `items`. */
async function inParallel<T, R>(items: T[], width: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!, i);
      }
    }),
  );
  return results;
}

const totalCalls = (requests: Record<string, number>) => Object.values(requests).reduce((a, b) => a + b, 0);
const diff = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(after)
      .map(([route, n]) => [route, n - (before[route] ?? 0)])
      .filter(([, n]) => (n as number) > 0),
  );

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const sim = createRazorpaySimulator({ webhookRetries: 0 });
  const { url: simUrl } = await sim.listen(0);
  const service = await startSingleService(paymentsService, {
    RAZORPAY_API_URL: simUrl,
    // The bench runs the passes itself; the background pass stays out of the way.
    RECONCILE_INTERVAL_SECONDS: '3600',
  });
  try {
    // N Razorpay orders, through the API as the service would create them.
    const auth = `Basic ${Buffer.from(`${DEV_DEFAULTS.keyId}:${DEV_DEFAULTS.keySecret}`).toString('base64')}`;
    const setupStarted = Date.now();
    const refs = Array.from({ length: args.orders }, (_, i) => `bench-${i.toString().padStart(6, '0')}`);
    const orderIds = await inParallel(refs, 32, async (receipt) => {
      const res = await fetch(`${simUrl}/v1/orders`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 30_000, currency: 'INR', receipt }),
      });
      if (res.status !== 200) throw new Error(`simulator answered ${res.status} to POST /v1/orders`);
      return ((await res.json()) as { id: string }).id;
    });

    // N matching intents, a minute old, in one insert.
    await service.sql(
      `insert into payments.payments (order_reference, provider_order_id, amount_paise, currency, status, created_at, updated_at)
       select ref, rzp, 30000, 'INR', 'INTENT_CREATED', now() - interval '1 minute', now() - interval '1 minute'
         from unnest($1::text[], $2::text[]) as t(ref, rzp)`,
      [refs, orderIds],
    );

    // A share paid at Razorpay whose webhook never came.
    const paidCount = Math.round((args.orders * args.paidPercent) / 100);
    const step = paidCount ? args.orders / paidCount : 0;
    const paid = Array.from({ length: paidCount }, (_, i) => orderIds[Math.floor(i * step)]!);
    for (const id of paid) await sim.pay(id, { outcome: 'captured', webhook: false });
    const setupSeconds = (Date.now() - setupStarted) / 1000;

    const reconcile = service.workers.reconcile as ReconcileWorker;
    const due = async () =>
      Number(
        (
          await service.sql<{ n: string }>(
            `select count(*) as n from payments.payments where status = 'INTENT_CREATED' and coalesce(next_reconcile_at, '-infinity') <= clock_timestamp()`,
          )
        )[0]!.n,
      );
    const before = sim.stats().requests;
    const report: ReconcileReport = {};
    let passes = 0;
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    do {
      passes++;
      for (const [outcome, n] of Object.entries(await reconcile.runOnce()))
        report[outcome as keyof ReconcileReport] = (report[outcome as keyof ReconcileReport] ?? 0) + (n ?? 0);
    } while ((await due()) > 0);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    const calls = diff(sim.stats().requests, before);

    const [captured] = await service.sql<{ n: string }>(
      `select count(*) as n from payments.payments where status = 'CAPTURED'`,
    );
    // Every payment checked once (a confirmed one has its check count reset by the capture).
    const checked = Object.values(report).reduce((a, b) => a + (b ?? 0), 0);
    const result = {
      orders: args.orders,
      paid: paidCount,
      seconds: Number(seconds.toFixed(3)),
      checksPerSecond: Math.round(checked / seconds),
      paymentsChecked: checked,
      paymentsConfirmed: report.confirmed ?? 0,
      paymentsCaptured: Number(captured!.n),
      report,
      passes,
      razorpayCalls: totalCalls(calls),
      razorpayCallsByRoute: calls,
      cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(3)),
      setupSeconds: Number(setupSeconds.toFixed(3)),
      budget: { seconds: 5, met: seconds < 5 },
      machine: { cores: os.cpus().length, node: process.version },
      env: {
        RECONCILE_BATCH_SIZE: process.env.RECONCILE_BATCH_SIZE ?? '50 (default)',
        RECONCILE_PARALLEL_CHECKS: process.env.RECONCILE_PARALLEL_CHECKS ?? '8 (default)',
      },
    };
    console.log(JSON.stringify(result, null, 2));
    fs.mkdirSync(path.dirname(args.out), { recursive: true });
    fs.writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
    if (result.paymentsConfirmed !== paidCount || result.paymentsCaptured !== paidCount) {
      console.error(
        `expected ${paidCount} payments confirmed, got ${result.paymentsConfirmed} (captured: ${result.paymentsCaptured})`,
      );
      process.exitCode = 1;
    }
  } finally {
    await service.stop();
    await sim.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
