// The system for `npm run bench -- --runtime dapr`: the four services each in a process of its own
// with RUNTIME=dapr, each next to its own real daprd, on the shipped components (Redis Streams
// pub/sub, PostgreSQL state store) and resiliency, as `dapr run -f dapr.yaml` starts them. The
// sidecars use a Configuration without tracing (nothing collects spans here), so their CPU is the
// least a sidecar costs.
import { DEV_SECRETS } from '@saga/runtime';
import { freePort } from '@saga/dev-harness';
import { type ChildHandle, childProcess } from '../support/child-process';
import { type Daprd, daprd, daprdInstalled, DAPRD, writeDaprResources } from '../support/real-daprd';
import { flushRedisDb } from '../support/real-dapr-system';

const SERVICES = ['catalog', 'payments', 'order', 'notifications'] as const;
type Service = (typeof SERVICES)[number];

/** Redis database of the benchmark's streams (the tests use 1-15 in turn; `dapr run` uses 0). */
const BENCH_REDIS_DB = 15;

export interface BenchSystem {
  urls: Record<Service | 'simulator', string>;
  jwtSecret: string;
  /** The processes whose CPU is the system's, by name (apps as `app:<service>`, sidecars as `daprd:<service>`). */
  processes(): Record<string, number | undefined>;
  /**
   * HTTP requests the services have answered so far (their http_requests_total, scrapes excluded),
   * when they run apart; the embedded system's are counted in-process instead.
   */
  requestsServed?(): Promise<number>;
  close(): Promise<void>;
}

/** Sum of http_requests_total in a Prometheus text page, the scrape routes left out. */
export function requestsIn(metricsText: string): number {
  let total = 0;
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith('http_requests_total{') || /route="\/(metrics|healthz|readyz)"/.test(line)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

export async function startDaprBenchSystem(options: {
  databaseUrl: string;
  simulatorUrl: string;
  paymentsPort: number;
  poolSize: number;
}): Promise<BenchSystem> {
  if (!daprdInstalled()) throw new Error(`--runtime dapr needs daprd at ${DAPRD}: run npm run dapr:install first`);
  await flushRedisDb(BENCH_REDIS_DB);
  const resources = writeDaprResources({ redisDb: BENCH_REDIS_DB, databaseUrl: options.databaseUrl });
  const apps = {} as Record<Service, ChildHandle>;
  const sidecars = {} as Record<Service, Daprd>;
  const urls = { simulator: options.simulatorUrl } as BenchSystem['urls'];
  const close = async () => {
    await Promise.all(Object.values(apps).map((a) => a.stop()));
    await Promise.all(Object.values(sidecars).map((s) => s.stop()));
    resources.remove();
  };
  // Two sidecars creating the state store's tables at once can fail (42P07) and exit: the first starts alone.
  let firstSidecarStarted: Promise<void> | undefined;
  try {
    await Promise.all(
      SERVICES.map(async (name) => {
        const port = name === 'payments' ? options.paymentsPort : await freePort();
        urls[name] = `http://127.0.0.1:${port}`;
        const sidecar = (sidecars[name] = await daprd({ appId: name, appPort: port, resources }));
        if (firstSidecarStarted) await firstSidecarStarted.then(() => sidecar.start());
        else await (firstSidecarStarted = sidecar.start());
        const app = (apps[name] = childProcess(
          `services/${name}/src/main.ts`,
          {
            RUNTIME: 'dapr',
            DATABASE_URL: options.databaseUrl,
            DAPR_HTTP_PORT: String(sidecar.httpPort),
            DAPR_HOST: '127.0.0.1',
            [`${name.toUpperCase()}_PORT`]: String(port),
            HOST: '127.0.0.1',
            SEED_DEMO_CATALOG: 'false',
            RAZORPAY_API_URL: options.simulatorUrl,
            DB_POOL_SIZE: String(options.poolSize),
            LOG_LEVEL: 'warn',
            // Profiling the apps alone, not the bench around them: tests/bench/cpu-profile-hook.mjs (BENCHMARKS.md, Dapr mode).
            ...(process.env.BENCH_APP_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_APP_NODE_OPTIONS } : {}),
          },
          [urls[name]],
          60_000,
        ));
        await app.start();
      }),
    );
    await waitForSubscriptions(sidecars);
  } catch (err) {
    await close();
    throw err;
  }
  return {
    urls,
    jwtSecret: process.env.JWT_SECRET ?? DEV_SECRETS.JWT_SECRET,
    processes: () =>
      Object.fromEntries(
        SERVICES.flatMap((s) => [
          [`app:${s}`, apps[s].pid()],
          [`daprd:${s}`, sidecars[s].pid()],
        ]),
      ),
    async requestsServed() {
      const pages = await Promise.all(SERVICES.map((s) => fetch(`${urls[s]}/metrics`).then((r) => r.text())));
      return pages.reduce((sum, page) => sum + requestsIn(page), 0);
    },
    close,
  };
}

/** Every sidecar lists the subscriptions its app declared (at least a topic and its dead letters). */
async function waitForSubscriptions(sidecars: Record<Service, Daprd>): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const counts = await Promise.all(
      SERVICES.map((s) =>
        sidecars[s].metadata().then(
          (m) => m.subscriptions?.length ?? 0,
          () => 0,
        ),
      ),
    );
    if (counts.every((n) => n >= 2)) return;
    if (Date.now() > deadline) throw new Error(`the sidecars list ${counts.join(', ')} subscriptions after 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
