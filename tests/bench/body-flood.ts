// `npm run bench:flood -- [--duration 10] [--customers 4] [--hostile 4] [--kind json|gzip|tiny|both|all] [--out file.json]`:
// checkout latency while anonymous connections post large bodies. The embedded system runs in this
// process against a PostgreSQL database of its own; `--customers` customers check out one after
// another for `--duration` seconds, first alone, then while `--hostile` connections (another
// process) post 1 MiB of JSON (`json`) or a small gzip body that inflates to 1 MiB (`gzip`) to the
// checkout route without a token (`tiny`: a 30-byte body, what the requests alone cost; `both`:
// json then gzip, the default; `all`: the three). Prints and writes checkout p50/p95 per phase, with the cores.
import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jsonRequest } from '@saga/runtime';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { customerToken } from '../support/tokens';
import { readFlags } from './args';
import type { FloodConfig, FloodKind, FloodReport } from './body-flood-attacker';
import { Samples, type Summary } from './stats';

interface FloodArgs {
  duration: number;
  customers: number;
  hostile: number;
  kinds: FloodKind[];
  out?: string;
}

function parseFloodArgs(argv: string[]): FloodArgs {
  const args: FloodArgs = { duration: 10, customers: 4, hostile: 4, kinds: ['json', 'gzip'] };
  readFlags(argv, (flag, { text, num }) => {
    switch (flag) {
      case '--duration':
        args.duration = num();
        return true;
      case '--customers':
        args.customers = Math.max(1, Math.floor(num()));
        return true;
      case '--hostile':
        args.hostile = Math.floor(num());
        return true;
      case '--kind': {
        const kind = text();
        const kinds: Record<string, FloodKind[]> = {
          json: ['json'],
          gzip: ['gzip'],
          tiny: ['tiny'],
          both: ['json', 'gzip'],
          all: ['json', 'gzip', 'tiny'],
        };
        if (!kinds[kind]) throw new Error('--kind is json, gzip, tiny, both or all');
        args.kinds = kinds[kind];
        return true;
      }
      case '--out':
        args.out = text();
        return true;
      default:
        return false;
    }
  });
  return args;
}

/** Closed loop: each customer checks out again as soon as its last checkout is answered. */
async function checkouts(
  system: TestSystem,
  customers: number,
  seconds: number,
): Promise<{ summary: Summary; failures: number }> {
  const samples = new Samples();
  let failures = 0;
  const until = Date.now() + seconds * 1000;
  const url = `${system.urls.order}/api/v1/orders/checkout`;
  const customer = async (n: number) => {
    const authorization = `Bearer ${await customerToken(`flood-customer-${n}`)}`;
    while (Date.now() < until) {
      const started = performance.now();
      const res = await jsonRequest(url, {
        method: 'POST',
        headers: { authorization },
        body: { cartItems: [{ productId: `flood-product-${n}`, quantity: 1 }] },
        timeoutMs: 30_000,
      }).catch(() => undefined);
      if (res?.status === 200) samples.add(performance.now() - started);
      else failures++;
    }
  };
  await Promise.all(Array.from({ length: customers }, (_, n) => customer(n)));
  return { summary: samples.summary(), failures };
}

async function startAttacker(config: FloodConfig): Promise<{ child: ChildProcess; stop(): Promise<FloodReport> }> {
  const child = fork(path.join(__dirname, 'body-flood-attacker.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the attacker exited with ${code}`)));
  });
  child.send({ start: config });
  return {
    child,
    stop: () =>
      new Promise<FloodReport>((resolve) => {
        child.once('message', (message: { report: FloodReport }) => resolve(message.report));
        child.send({ stop: true });
      }),
  };
}

interface PhaseResult {
  phase: string;
  checkout: Summary;
  failures: number;
  flood?: FloodReport;
}

async function main(): Promise<void> {
  const args = parseFloodArgs(process.argv.slice(2));
  const system = await startTestSystem({ env: { LOG_LEVEL: 'warn' } });
  const results: PhaseResult[] = [];
  try {
    for (let n = 0; n < args.customers; n++)
      await system.addProduct({
        productId: `flood-product-${n}`,
        vendorId: 'flood-vendor',
        price: 100,
        stock: 10_000_000,
      });
    await checkouts(system, args.customers, Math.min(3, args.duration)); // warm-up
    const quiet = await checkouts(system, args.customers, args.duration);
    results.push({ phase: 'no flood', checkout: quiet.summary, failures: quiet.failures });
    for (const kind of args.kinds) {
      if (args.hostile === 0) break;
      const attacker = await startAttacker({
        url: `${system.urls.order}/api/v1/orders/checkout`,
        connections: args.hostile,
        kind,
      });
      const flooded = await checkouts(system, args.customers, args.duration);
      const flood = await attacker.stop();
      results.push({
        phase: `${args.hostile} x ${kind} (${flood.compressedBytes} B)`,
        checkout: flooded.summary,
        failures: flooded.failures,
        flood,
      });
    }
  } finally {
    await system.close();
  }
  const cores = os.availableParallelism();
  console.log(
    `\ncheckout latency under anonymous body floods (${cores} cores, ${args.customers} customers, ${args.duration} s per phase)`,
  );
  console.table(
    results.map((r) => ({
      phase: r.phase,
      checkouts: r.checkout.count,
      'p50 ms': r.checkout.p50,
      'p95 ms': r.checkout.p95,
      failures: r.failures,
      'hostile posts': r.flood?.sent ?? '',
      'hostile answers': r.flood ? JSON.stringify(r.flood.statuses) : '',
    })),
  );
  if (args.out) {
    fs.mkdirSync(path.dirname(args.out), { recursive: true });
    fs.writeFileSync(
      args.out,
      JSON.stringify(
        { cores, customers: args.customers, hostile: args.hostile, durationSeconds: args.duration, phases: results },
        null,
        2,
      ),
    );
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
