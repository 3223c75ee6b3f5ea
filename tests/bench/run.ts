// `npm run bench`: the whole saga under load in the embedded runtime (or, with `--runtime dapr`, the
// four services each behind its own real daprd), against PostgreSQL, with the Razorpay simulator
// answering at once and the load driver (customers, vendor sockets) in processes of their own. Reports p50/p95/p99 per step, sagas per second, errors, peak memory, cores and CPU
// per saga by process; compares with the node:http + pg floor; optionally a scaling run; audits
// every saga of the run in the databases at the end.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, requestTimings, type RequestTiming, DEV_SECRETS } from '@saga/runtime';
import { freePort, signDevToken } from '@saga/dev-harness';
import { childProcess } from '../support/child-process';
import { Client } from 'pg';
import { startEmbeddedSystem } from '../../tools/system/start-system';
import { createTestDatabase } from '../support/test-database';
import { parseArgs, type BenchArgs } from './args';
import { runBaseline, type BaselineResult } from './baseline';
import { scalingChart, type ScalingPoint } from './chart';
import { PRODUCTS_PER_VENDOR, STOCK_PER_PRODUCT, VENDORS, productId, vendorId } from './bench-catalog';
import { auditSagas, waitUntilSettled } from './saga-audit';
import type { DriverConfig, DriverMessage } from './load-driver';
import { SagaStats } from './saga-driver';
import { Samples } from './stats';
import { cpuSince, cpuSnapshot, type CpuSnapshot } from './machine-cpu';
import { type BenchSystem, startDaprBenchSystem } from './dapr-bench-system';

/** Connections per service (DB_POOL_SIZE, the services' default 10 unless set); see BENCHMARKS.md on sizing it. */
const DB_POOL_SIZE = Number(process.env.DB_POOL_SIZE ?? 10);

interface Phase {
  stats: SagaStats;
  server: Record<string, Samples>;
  seconds: number;
  commits: number;
  hops: number;
  /** CPU of the services: this process (embedded) or their own processes (dapr). */
  cpuMs: number;
  /** CPU of the daprd sidecars (dapr mode only). */
  sidecarsCpuMs?: number;
  machine?: CpuSnapshot;
}

/**
 * The simulator runs in a process of its own: it stands for Razorpay, outside the system, so its
 * CPU must not be counted in (or compete with) the system's. It answers at once (no latency knob).
 * It keeps its state in PostgreSQL (schema razorpay_sim), as under `npm start`, in a database of its
 * own so that its commits are not counted as the system's; the CPU of its one connection's backend
 * is counted as the simulator's, not PostgreSQL's for the system.
 */
async function startSimulator(paymentsPort: number, webhooks: BenchArgs['webhooks'], databaseUrl: string) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const sim = childProcess(
    'tools/razorpay-sim/src/main.ts',
    {
      RAZORPAY_SIM_PORT: String(port),
      RAZORPAY_SIM_WEBHOOK_URL: `http://127.0.0.1:${paymentsPort}/api/v1/webhooks/razorpay`,
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
    },
    [url],
    30_000,
    '/healthz',
  );
  await sim.start();
  if (webhooks === 'captured') {
    const res = await fetch(`${url}/_sim/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ webhookEvents: ['payment.captured', 'payment.failed'] }),
    });
    if (!res.ok) throw new Error(`could not subscribe the simulator's webhook: ${res.status}`);
  }
  const requests = async () => {
    const stats = (await (await fetch(`${url}/_sim/stats`)).json()) as { requests: Record<string, number> };
    return Object.values(stats.requests).reduce((a, b) => a + b, 0);
  };
  /** The PostgreSQL backend serving the simulator's connection (application_name razorpay-sim). */
  const databasePid = async (pg: Client) =>
    Number(
      (
        await pg.query(
          `select pid from pg_stat_activity where application_name = 'razorpay-sim' and datname = $1 limit 1`,
          [new URL(databaseUrl).pathname.slice(1)],
        )
      ).rows[0]?.pid,
    ) || undefined;
  return { url, stop: sim.stop, requests, pid: sim.pid, databasePid };
}

/** Ports for the embedded services, free when the bench starts: never the defaults, so `npm start` may run alongside. */
interface EmbeddedPorts {
  order: number;
  catalog: number;
  payments: number;
  notifications: number;
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** The embedded system, on the same ports and database each time: it is stopped while the floor runs. */
async function startEmbedded(databaseUrl: string, simulatorUrl: string, ports: EmbeddedPorts): Promise<BenchSystem> {
  const system = await startEmbeddedSystem({
    env: {
      DATABASE_URL: databaseUrl,
      SEED_DEMO_CATALOG: 'false',
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: String(DB_POOL_SIZE),
      RAZORPAY_API_URL: simulatorUrl,
      ORDER_PORT: String(ports.order),
      CATALOG_PORT: String(ports.catalog),
      PAYMENTS_PORT: String(ports.payments),
      NOTIFICATIONS_PORT: String(ports.notifications),
    },
    logger: createLogger({ level: 'warn' }),
  });
  return {
    urls: system.urls,
    jwtSecret: system.config.JWT_SECRET ?? DEV_SECRETS.JWT_SECRET,
    processes: () => ({}),
    close: () => system.close(),
  };
}

async function setup(databaseUrl: string, simulatorDatabaseUrl: string, args: BenchArgs) {
  // Chosen once: the simulator's webhook URL names the payments port, and restarts reuse them all.
  const [order, catalog, payments, notifications] = await distinctFreePorts(4);
  const ports: EmbeddedPorts = { order: order!, catalog: catalog!, payments: payments!, notifications: notifications! };
  const paymentsPort = ports.payments;
  const simulator = await startSimulator(paymentsPort, args.webhooks, simulatorDatabaseUrl);
  const startSystem = () =>
    args.runtime === 'dapr'
      ? startDaprBenchSystem({ databaseUrl, simulatorUrl: simulator.url, paymentsPort, poolSize: DB_POOL_SIZE })
      : startEmbedded(databaseUrl, simulator.url, ports);
  const system = await startSystem();
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  for (let v = 0; v < VENDORS; v++) {
    for (let p = 0; p < PRODUCTS_PER_VENDOR; p++) {
      await pg.query(
        'insert into catalog.products (product_id, vendor_id, name, price_paise, stock) values ($1, $2, $3, $4, $5)',
        [productId(v, p), vendorId(v), `Bench product ${v}.${p}`, 10000 + p * 2500, STOCK_PER_PRODUCT],
      );
    }
  }
  const secret = system.jwtSecret;
  const vendorTokens = await Promise.all(
    Array.from({ length: VENDORS }, (_, v) =>
      signDevToken(secret, { sub: `bench-vendor-user-${v}`, role: 'vendor', vendorId: vendorId(v) }),
    ),
  );
  const customerTokens = await Promise.all(
    Array.from({ length: 256 }, (_, c) => signDevToken(secret, { sub: `bench-customer-${c}`, role: 'customer' })),
  );
  const simulatorDbPid = await simulator.databasePid(pg);
  return {
    system: system as BenchSystem | undefined,
    restart: startSystem,
    simulator,
    simulatorDbPid,
    pg,
    vendorTokens,
    customerTokens,
  };
}

type Context = Awaited<ReturnType<typeof setup>>;

/** The system of the context, started again if a floor run stopped it. */
async function running(ctx: Context): Promise<BenchSystem> {
  ctx.system ??= await ctx.restart();
  return ctx.system;
}

async function commitsSoFar(pg: Client): Promise<number> {
  const { rows } = await pg.query('select xact_commit from pg_stat_database where datname = current_database()');
  return Number(rows[0].xact_commit);
}

/**
 * One measured phase: the load driver runs in a child process (customers and vendors are outside
 * the system, like Razorpay); the CPU, commits and server-side timings here cover exactly the
 * window it reports as measured.
 */
async function runPhase(
  ctx: Context,
  customers: number,
  warmup: number,
  seconds: number,
  rate?: number,
  label = '',
): Promise<Phase> {
  const { simulator, pg, vendorTokens, customerTokens } = ctx;
  const system = await running(ctx);
  const server: Record<string, Samples> = {
    availability: new Samples(),
    createIntent: new Samples(),
    webhookIngest: new Samples(),
  };
  let recording = false;
  let hops = 0;
  const onTiming = (t: RequestTiming) => {
    if (!recording) return;
    hops++;
    if (t.route.endsWith('/check-availability')) server.availability!.add(t.ms);
    else if (t.route.endsWith('/create-intent')) server.createIntent!.add(t.ms);
    else if (t.route.endsWith('/webhooks/razorpay')) server.webhookIngest!.add(t.ms);
  };
  requestTimings.on('timing', onTiming);
  const config: DriverConfig = {
    urls: {
      order: system.urls.order,
      simulator: system.urls.simulator,
      vendorSockets: `${system.urls.notifications.replace('http', 'ws')}/ws`,
    },
    vendorTokens,
    customerTokens,
    customers,
    rate,
    warmupSeconds: warmup,
    seconds,
    label,
  };
  const driver = fork(path.join(__dirname, 'load-driver.ts'), [JSON.stringify(config)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // The harness's processes, and in dapr mode the system's own (apps and sidecars), by name.
  const watched = {
    simulator: simulator.pid(),
    simulatorDb: ctx.simulatorDbPid,
    driver: driver.pid,
    ...system.processes(),
  };
  const served = () => system.requestsServed?.() ?? Promise.resolve(0);
  let opened:
    | {
        cpu: NodeJS.CpuUsage;
        machine: CpuSnapshot | undefined;
        at: number;
        counters: Promise<[number, number, number]>;
      }
    | undefined;
  let measured:
    | Promise<{
        simHops: number;
        servedHops: number;
        commits: number;
        cpuMs: number;
        machine: CpuSnapshot | undefined;
        seconds: number;
      }>
    | undefined;
  const result = await new Promise<Extract<DriverMessage, { type: 'result' }>>((resolve, reject) => {
    driver.on('message', (message: DriverMessage) => {
      if (message.type === 'window' && message.open) {
        // The CPU baselines at once; the counters (a query, an HTTP call) resolve when they do.
        opened = {
          cpu: process.cpuUsage(),
          machine: cpuSnapshot(watched),
          at: performance.now(),
          counters: Promise.all([simulator.requests(), commitsSoFar(pg), served()]),
        };
        recording = true;
      } else if (message.type === 'window' && opened) {
        recording = false;
        const cpu = process.cpuUsage(opened.cpu);
        const machine = cpuSince(opened.machine, watched);
        // The simulator's own database work is the harness's, not the system's.
        if (machine) machine.postgresMs -= machine.processesMs.simulatorDb ?? 0;
        const seconds = (performance.now() - opened.at) / 1000;
        measured = Promise.all([opened.counters, simulator.requests(), commitsSoFar(pg), served()]).then(
          ([[simBefore, commitsBefore, servedBefore], simAfter, commitsAfter, servedAfter]) => ({
            simHops: simAfter - simBefore,
            servedHops: servedAfter - servedBefore,
            commits: commitsAfter - commitsBefore,
            cpuMs: (cpu.user + cpu.system) / 1000,
            machine,
            seconds,
          }),
        );
      } else if (message.type === 'result') {
        resolve(message);
      }
    });
    driver.on('exit', (code) => reject(new Error(`the load driver exited with ${code} before reporting`)));
  });
  requestTimings.off('timing', onTiming);
  if (!measured) throw new Error('the load driver reported no measured window');
  const window = await measured;
  const stats = SagaStats.from(result.stats);
  // Hops per saga: every service request, every Razorpay API call, and the customer's pay call. In
  // dapr mode the services count their own requests (deliveries from the sidecars included).
  const serviceHops = system.requestsServed ? window.servedHops : hops;
  const base = {
    stats,
    server,
    seconds: window.seconds,
    commits: window.commits,
    hops: serviceHops + window.simHops + stats.completed,
    machine: window.machine,
  };
  if (!system.requestsServed) return { ...base, cpuMs: window.cpuMs };
  const sum = (prefix: string) =>
    Object.entries(window.machine?.processesMs ?? {}).reduce(
      (total, [name, ms]) => (name.startsWith(prefix) ? total + ms : total),
      0,
    );
  return { ...base, cpuMs: sum('app:'), sidecarsCpuMs: sum('daprd:') };
}

const sagasPerSecondOf = (p: Phase) => Math.round((p.stats.completed / p.seconds) * 10) / 10;

/** Index of the middle value; for an even count the lower middle, or the upper one if asked (the less flattering side of each figure). */
function medianIndex(values: number[], upper = false): number {
  return values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0])[
    Math.floor((values.length - (upper ? 0 : 1)) / 2)
  ]![1];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The system's CPU per saga (services + PostgreSQL) over the floor's (its process + PostgreSQL). */
function costRatioOf(phase: Phase, floor: BaselineResult): number | undefined {
  if (!phase.machine || floor.postgresCpuMsPerSaga === undefined) return undefined;
  return round2(
    (phase.cpuMs + phase.machine.postgresMs) /
      Math.max(1, phase.stats.completed) /
      (floor.processCpuMsPerSaga + floor.postgresCpuMsPerSaga),
  );
}

/** Stops the system after letting it finish what is in flight, so a floor run has PostgreSQL and the cores to itself. */
async function stopSystem(ctx: Context): Promise<void> {
  if (!ctx.system) return;
  await waitUntilSettled(ctx.pg);
  await ctx.system.close();
  ctx.system = undefined;
}

function report(phase: Phase, args: BenchArgs, peakRssMb: number, baseline?: BaselineResult, costRatio?: number) {
  const { stats, server } = phase;
  const sagasPerSecond = sagasPerSecondOf(phase);
  const perSaga = (n: number) => Math.round((n / Math.max(1, stats.completed)) * 10) / 10;
  // The server-side steps are timed inside the embedded process; in dapr mode the services run apart.
  const serverSide =
    args.runtime === 'embedded'
      ? { availability: server.availability!.summary(), createIntent: server.createIntent!.summary() }
      : {};
  const sidecars = phase.sidecarsCpuMs;
  return {
    runtime: args.runtime,
    steps: {
      checkout: stats.checkout.summary(),
      ...serverSide,
      webhookAck: stats.webhookAck.summary(),
      webhookToVendor: stats.webhookToVendor.summary(),
      pay: stats.pay.summary(),
      saga: stats.saga.summary(),
    },
    sagasPerSecond,
    sagasCompleted: stats.completed,
    errors: stats.errors,
    errorKinds: Object.fromEntries(stats.errorKinds),
    peakRssMb,
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    database: 'PostgreSQL (DATABASE_URL server, one fresh database)',
    // Per service (four pools); the floor gets as many connections as the four together (payments'
    // webhook processing pool, up to as many again, is not counted).
    dbPoolSize: DB_POOL_SIZE,
    mode: args.rate ? { loop: 'open', ratePerSecond: args.rate } : { loop: 'closed', customers: args.customers },
    webhooks: args.webhooks === 'all' ? ['payment.authorized', 'payment.captured', 'order.paid'] : ['payment.captured'],
    durationSeconds: Math.round(phase.seconds * 10) / 10,
    warmupSeconds: args.warmup,
    work: {
      httpHopsPerSaga: perSaga(phase.hops),
      postgresCommitsPerSaga: perSaga(phase.commits),
      // CPU of the four services per completed saga: this one process (embedded), or their four
      // processes (dapr); the simulator and the load driver run apart.
      processCpuMsPerSaga: perSaga(phase.cpuMs),
      processCpuUtilisation: Math.round((phase.cpuMs / 1000 / phase.seconds) * 100) / 100,
      // The whole machine (this process, PostgreSQL, the simulator, the kernel), per completed saga.
      ...(phase.machine
        ? {
            machineCpuMsPerSaga: perSaga(phase.machine.machineMs),
            postgresCpuMsPerSaga: perSaga(phase.machine.postgresMs),
            // The system's own cost: the services and the database, and in dapr mode the sidecars and Redis.
            systemCpuMsPerSaga: perSaga(
              phase.cpuMs + phase.machine.postgresMs + (sidecars === undefined ? 0 : sidecars + phase.machine.redisMs),
            ),
            ...(sidecars === undefined
              ? {}
              : {
                  sidecarsCpuMsPerSaga: perSaga(sidecars),
                  redisCpuMsPerSaga: perSaga(phase.machine.redisMs),
                  // Each app and each sidecar on its own (app:order, daprd:order, ...).
                  byProcessCpuMsPerSaga: Object.fromEntries(
                    Object.entries(phase.machine.processesMs)
                      .filter(([name]) => name.includes(':'))
                      .map(([name, ms]) => [name, perSaga(ms)]),
                  ),
                }),
            // The harness, outside the system but on the same cores.
            simulatorCpuMsPerSaga: perSaga(phase.machine.processesMs.simulator ?? NaN),
            simulatorDatabaseCpuMsPerSaga: perSaga(phase.machine.processesMs.simulatorDb ?? NaN),
            loadDriverCpuMsPerSaga: perSaga(phase.machine.processesMs.driver ?? NaN),
            machineCpuUtilisation:
              Math.round((phase.machine.machineMs / 1000 / phase.seconds / os.cpus().length) * 100) / 100,
          }
        : {}),
    },
    ...(baseline
      ? {
          baseline: {
            ...baseline,
            ...(costRatio !== undefined ? { costRatio } : {}),
            throughputRatio: round2(baseline.sagasPerSecond / Math.max(0.1, sagasPerSecond)),
            note:
              'costRatio = CPU per saga of the system (services process + PostgreSQL) / CPU per saga of the floor (its process, clients included, + PostgreSQL), ' +
              'each floor run right after its own system run (the system stopped meanwhile), the median of those paired ratios with --repeat; ' +
              'throughputRatio = floor sagas/s / our sagas/s at the same concurrency, where ours also share the cores with the simulator and the load driver. 1 = as cheap as the floor.',
          },
        }
      : {}),
  };
}

function printTable(result: ReturnType<typeof report>): void {
  const rows = Object.entries(result.steps).map(
    ([step, s]) =>
      `${step.padEnd(16)} ${String(s.p50).padStart(8)} ${String(s.p95).padStart(8)} ${String(s.p99).padStart(8)} ${String(s.count).padStart(8)}`,
  );
  console.log(['', `step             p50 (ms) p95 (ms) p99 (ms)    count`, ...rows, ''].join('\n'));
  console.log(
    `sagas/s ${result.sagasPerSecond}  errors ${result.errors}  peak RSS ${result.peakRssMb} MB  cores ${result.cores}  hops/saga ${result.work.httpHopsPerSaga}  commits/saga ${result.work.postgresCommitsPerSaga}  cpu/saga ${result.work.processCpuMsPerSaga} ms (${result.work.processCpuUtilisation} cores)`,
  );
  const w = result.work;
  if (w.machineCpuMsPerSaga !== undefined) {
    const dapr =
      w.sidecarsCpuMsPerSaga === undefined
        ? ''
        : ` + sidecars ${w.sidecarsCpuMsPerSaga} + redis ${w.redisCpuMsPerSaga}`;
    console.log(
      `cpu/saga: system ${w.systemCpuMsPerSaga} ms (services ${w.processCpuMsPerSaga} + postgres ${w.postgresCpuMsPerSaga}${dapr}); harness: simulator ${w.simulatorCpuMsPerSaga} (+ its database ${w.simulatorDatabaseCpuMsPerSaga}), load driver ${w.loadDriverCpuMsPerSaga}; machine ${w.machineCpuMsPerSaga} ms (${Math.round((w.machineCpuUtilisation ?? 0) * 100)}% busy)`,
    );
  }
  const b = result.baseline;
  if (b) {
    console.log(
      `floor (node:http + pg, same hops and commits): ${b.sagasPerSecond} sagas/s, p95 ${b.saga.p95} ms, cpu/saga ${b.processCpuMsPerSaga} + postgres ${b.postgresCpuMsPerSaga} ms -> cost ratio ${b.costRatio ?? '?'} (throughput ratio ${b.throughputRatio})`,
    );
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const database = await createTestDatabase();
  const simulatorDatabase = await createTestDatabase();
  let peakRss = 0;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  let ctx: Awaited<ReturnType<typeof setup>> | undefined;
  try {
    ctx = await setup(database.url, simulatorDatabase.url, args);
    const phases: Phase[] = [];
    const floors: BaselineResult[] = [];
    for (let i = 1; i <= args.repeat; i++) {
      const phase = await runPhase(
        ctx,
        args.customers,
        args.warmup,
        args.duration,
        args.rate,
        args.repeat > 1 ? `run ${i}/${args.repeat}: ` : '',
      );
      phases.push(phase);
      if (!args.baseline) continue;
      // Each floor runs right after its own system run: this machine's speed drifts within minutes,
      // and a ratio of runs made apart measured the drift as much as the code. The system is
      // stopped meanwhile (its pollers use PostgreSQL too) and started again for the next run.
      await stopSystem(ctx);
      const perSaga = (n: number) => n / Math.max(1, phase.stats.completed);
      floors.push(
        await runBaseline(
          database.url,
          perSaga(phase.hops),
          perSaga(phase.commits),
          args.customers,
          Math.min(10, args.duration),
          4 * DB_POOL_SIZE,
          args.warmup,
        ),
      );
    }
    const middle = medianIndex(phases.map(sagasPerSecondOf));
    const phase = phases[middle]!;
    const baseline = floors[middle];
    const pairedCostRatios = floors.map((floor, i) => costRatioOf(phases[i]!, floor));
    const costRatio =
      pairedCostRatios.every((r) => r !== undefined) && pairedCostRatios.length
        ? pairedCostRatios[medianIndex(pairedCostRatios as number[], true)]
        : undefined;
    const mb = () => Math.round(peakRss / 1024 / 1024);
    let scaling: ScalingPoint[] | undefined;
    if (args.scaling) {
      scaling = [];
      for (const customers of [1, 8, 32, 128]) {
        const p = await runPhase(ctx, customers, 1, args.scalingDuration, undefined, `scaling ${customers}: `);
        scaling.push({
          customers,
          sagasPerSecond: sagasPerSecondOf(p),
          p95SagaMs: p.stats.saga.summary().p95,
          p95CheckoutMs: p.stats.checkout.summary().p95,
          errors: p.stats.errors,
        });
      }
    }
    // Audited with the system running (started again after a floor run), so anything a stop left
    // in flight is finished first: the audit then also covers the restarts.
    await running(ctx);
    const audit = await auditSagas(ctx.pg, VENDORS * PRODUCTS_PER_VENDOR * STOCK_PER_PRODUCT);
    await ctx.pg.end();
    await ctx.system?.close();
    await ctx.simulator.stop();
    ctx = undefined;
    const repeats =
      args.repeat > 1
        ? {
            repeats: {
              note: 'the figures above are those of the median run by sagas/s, with the floor run right after it; every run, with its own floor:',
              runs: phases.map((p, i) => ({
                sagasPerSecond: sagasPerSecondOf(p),
                errors: p.stats.errors,
                ...(p.stats.errors ? { errorKinds: Object.fromEntries(p.stats.errorKinds) } : {}),
                p95: {
                  checkout: p.stats.checkout.summary().p95,
                  webhookAck: p.stats.webhookAck.summary().p95,
                  webhookToVendor: p.stats.webhookToVendor.summary().p95,
                },
                systemCpuMsPerSaga: p.machine
                  ? Math.round(((p.cpuMs + p.machine.postgresMs) / Math.max(1, p.stats.completed)) * 10) / 10
                  : undefined,
                ...(floors[i]
                  ? {
                      floorSagasPerSecond: floors[i]!.sagasPerSecond,
                      floorCpuMsPerSaga: round2(
                        floors[i]!.processCpuMsPerSaga + (floors[i]!.postgresCpuMsPerSaga ?? NaN),
                      ),
                      costRatio: pairedCostRatios[i],
                    }
                  : {}),
              })),
              floorSagasPerSecond: floors.map((f) => f.sagasPerSecond),
            },
          }
        : {};
    const result = {
      ...report(phase, args, mb(), baseline, costRatio),
      ...(scaling ? { scaling } : {}),
      ...repeats,
      audit,
    };
    fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
    fs.writeFileSync(args.out, JSON.stringify(result, null, 2) + '\n');
    if (scaling)
      fs.writeFileSync(
        args.out.replace(/\.json$/, '') + '-scaling.svg',
        scalingChart(scaling, `Saga throughput and p95 latency (${os.cpus().length} cores)`),
      );
    printTable(result);
    if (floors.length > 1)
      console.log(
        `cost ratio per run, each against the floor run right after it: ${pairedCostRatios.join(', ')} (the median is reported)`,
      );
    console.log(
      `audit of every saga of the run (after ${audit.settledSeconds} s to settle): ${audit.captured} captured, ${audit.placed} placed; ` +
        `captured not placed ${audit.capturedNotPlaced}, placed not notified once ${audit.placedNotNotifiedOnce}, duplicate notifications ${audit.duplicateNotifications}, ` +
        `stock mismatches ${audit.reservedMismatch + audit.soldMismatch} -> ${audit.ok ? 'ok' : 'FAILED'}`,
    );
    console.log(`written ${args.out}${scaling ? ' and ' + args.out.replace(/\.json$/, '') + '-scaling.svg' : ''}`);
    // A lost, duplicated or oversold saga fails the run, whatever its speed.
    if (!audit.ok) process.exitCode = 1;
  } finally {
    clearInterval(rssTimer);
    if (ctx) {
      await ctx.pg.end().catch(() => undefined);
      await ctx.system?.close().catch(() => undefined);
      await ctx.simulator.stop();
    }
    await database.drop().catch(() => undefined);
    await simulatorDatabase.drop().catch(() => undefined);
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
