// The benchmark's customers and vendors, in a process of their own (forked by run.ts): like the
// Razorpay simulator, they stand outside the system, so their CPU must not be counted in (or
// compete with) the system's event loop. Tells the parent when its measured window opens and
// closes (so server-side figures cover the same window) and sends the samples back at the end.
import { cartFor } from './bench-catalog';
import { runSaga, SagaStats, type SagaStatsData } from './saga-driver';
import { VendorListener } from './vendor-listener';

export interface DriverConfig {
  urls: { order: string; simulator: string; vendorSockets: string };
  vendorTokens: string[];
  customerTokens: string[];
  customers: number;
  /** Open loop: sagas started per second; closed loop when absent. */
  rate?: number;
  warmupSeconds: number;
  seconds: number;
  /** Prefix of the progress line. */
  label: string;
}

export type DriverMessage =
  { type: 'window'; open: boolean } | { type: 'result'; stats: SagaStatsData; started: number };

const send = (message: DriverMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

async function drive(config: DriverConfig): Promise<void> {
  const listener = new VendorListener();
  await listener.connect(config.urls.vendorSockets, config.vendorTokens);
  const stats = new SagaStats();
  let n = 0;
  let stop = false;
  const inFlight = new Set<Promise<void>>();
  const one = () => {
    const p = runSaga(config.urls, cartFor(n++, config.customerTokens), listener, stats).catch((err) =>
      stats.error(`exception ${(err as Error).message.slice(0, 60)}`),
    );
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    return p;
  };
  const loops = config.rate
    ? (async () => {
        const interval = 1000 / config.rate!;
        let next = performance.now();
        while (!stop) {
          void one(); // open loop: never waits for a saga; `one` catches its own failures
          next += interval;
          await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
        }
      })()
    : Promise.all(
        Array.from({ length: config.customers }, async () => {
          while (!stop) await one();
        }),
      );

  await new Promise((r) => setTimeout(r, config.warmupSeconds * 1000));
  await send({ type: 'window', open: true });
  stats.recording = true;
  const started = performance.now();
  const progress = setInterval(() => {
    const s = (performance.now() - started) / 1000;
    process.stderr.write(
      `\r${config.label}[${s.toFixed(0)}s/${config.seconds}s] sagas ${stats.completed} (${(stats.completed / s).toFixed(0)}/s) errors ${stats.errors} checkout p95 ${stats.checkout.summary().p95} ms   `,
    );
  }, 1000);
  await new Promise((r) => setTimeout(r, config.seconds * 1000));
  stats.recording = false;
  clearInterval(progress);
  await send({ type: 'window', open: false });
  process.stderr.write('\n');
  stop = true;
  await loops;
  await Promise.allSettled([...inFlight]);
  listener.close();
  await send({ type: 'result', stats: stats.toJSON(), started });
}

drive(JSON.parse(process.argv[2] as string) as DriverConfig).then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
