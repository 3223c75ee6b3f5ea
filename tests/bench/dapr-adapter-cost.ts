// CPU of what the Dapr adapter adds to a saga, one operation at a time, each side in a process of
// its own as in Dapr mode (the other end is a bare node:http server or client standing for daprd):
//   - delivery: daprd POSTs a CloudEvent to the app; the app's CPU per delivery, through the
//     services' express app (createApp + mountDaprSubscriptions, no-op handler), against a bare
//     node:http server that parses the same body (the floor);
//   - publish and invoke: the app's CPU per call to its sidecar, through DaprRuntime (node:http),
//     @dapr/dapr's DaprClient (what DaprRuntime used before), and a bare node:http request (floor).
//   npm run bench:dapr-adapter [-- --requests 20000 --concurrency 4]
import { execFileSync, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AnyEvent } from '@saga/contracts';
import { CommunicationProtocolEnum, DaprClient, HttpMethod, LogLevel } from '@dapr/dapr';
import {
  DaprRuntime,
  createApp,
  createHttpServer,
  createLogger,
  createServiceMetrics,
  finishApp,
  jsonRequest,
  mountDaprSubscriptions,
  toCloudEvent,
} from '@saga/runtime';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const REQUESTS = arg('requests', 20_000);
const CONCURRENCY = arg('concurrency', 4);
const APP_TOKEN = 'adapter-cost-app-token';

const orderPlaced = (): AnyEvent => ({
  eventId: randomUUID(),
  eventType: 'OrderPlaced',
  eventVersion: 1,
  occurredAt: new Date().toISOString(),
  payload: { orderId: 'order-1', vendorId: 'vendor-a', amount: 25000 },
});

// ---- the far end, in a child process: `--serve <kind>` prints its port, answers `cpu` with its CPU so far.
type ServerKind = 'delivery-app' | 'delivery-bare' | 'sidecar';

function serverOf(kind: ServerKind): http.Server {
  if (kind === 'delivery-app') {
    const logger = createLogger({ level: 'silent' });
    const app = createApp({
      name: 'notifications',
      logger,
      metrics: createServiceMetrics('notifications'),
      readiness: {},
      serviceToken: APP_TOKEN,
    });
    mountDaprSubscriptions(app, {
      pubsubName: 'pubsub',
      subscriptions: [{ topic: 'order-events', handler: async () => 'SUCCESS' }],
      appApiToken: APP_TOKEN,
      logger,
    });
    finishApp(app, logger);
    return createHttpServer(app);
  }
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (kind === 'delivery-bare') {
        JSON.parse(Buffer.concat(chunks).toString());
        res.setHeader('content-type', 'application/json');
        return void res.end('{"status":"SUCCESS"}');
      }
      // The sidecar: 204 for a publish, the target's JSON for an invocation.
      if (req.url!.startsWith('/v1.0/publish/')) return void res.writeHead(204).end();
      res.setHeader('content-type', 'application/json');
      res.end('{"available":true,"holdId":"hold-1"}');
    });
  });
}

function serve(kind: ServerKind) {
  const server = serverOf(kind);
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on('SIGINT', () => process.exit(0)); // so that --cpu-prof writes its profile
  process.on('message', (m) => {
    if (m !== 'cpu') return;
    const u = process.cpuUsage();
    process.send!({ cpu: u.user + u.system });
  });
}

async function startFarEnd(kind: ServerKind) {
  const child = fork(__filename, ['--serve', kind], {
    execArgv: [
      ...process.execArgv,
      ...(process.env.FAR_END_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.FAR_END_PROF}`] : []),
    ],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  const cpu = () =>
    new Promise<number>((resolve) => {
      child.once('message', (m: { cpu: number }) => resolve(m.cpu));
      child.send('cpu');
    });
  return {
    url: `http://127.0.0.1:${port}`,
    cpu,
    stop: () => child.kill(process.env.FAR_END_PROF ? 'SIGINT' : 'SIGKILL'),
  };
}

// ---- the measured end.
type Call = () => Promise<unknown>;

async function measure(call: Call, farCpu?: () => Promise<number>): Promise<{ here: number; far: number }> {
  const run = async (n: number) => {
    for (let i = 0; i < n; i++) await call();
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, () => run(1000))); // warm-up: JIT, sockets
  const farBefore = farCpu ? await farCpu() : 0;
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: CONCURRENCY }, () => run(Math.ceil(REQUESTS / CONCURRENCY))));
  const here = process.cpuUsage(before);
  const farAfter = farCpu ? await farCpu() : 0;
  return { here: (here.user + here.system) / REQUESTS, far: (farAfter - farBefore) / REQUESTS };
}

const bareRequest = (url: string, body: string, contentType: string) =>
  jsonRequest(url, {
    method: 'POST',
    body: JSON.parse(body),
    headers: { 'content-type': contentType },
    timeoutMs: 5000,
  });

const VARIANTS: Array<[string, () => Promise<number>]> = [
  [
    'delivery, bare node:http app (floor)',
    async () => {
      const far = await startFarEnd('delivery-bare');
      const body = JSON.stringify(toCloudEvent('order', 'order-events', orderPlaced()));
      const r = await measure(
        () => bareRequest(`${far.url}/dapr/events/order-events`, body, 'application/cloudevents+json'),
        far.cpu,
      );
      far.stop();
      return r.far;
    },
  ],
  [
    'delivery, the services app (express)',
    async () => {
      const far = await startFarEnd('delivery-app');
      const body = JSON.stringify({ ...toCloudEvent('order', 'order-events', orderPlaced()), pubsubname: 'pubsub' });
      const r = await measure(async () => {
        const res = await jsonRequest(`${far.url}/dapr/events/order-events`, {
          method: 'POST',
          body: JSON.parse(body),
          headers: { 'content-type': 'application/cloudevents+json', 'dapr-api-token': APP_TOKEN },
          timeoutMs: 5000,
        });
        if ((res.body as { status?: string }).status !== 'SUCCESS')
          throw new Error(`delivery answered ${res.status} ${JSON.stringify(res.body)}`);
      }, far.cpu);
      far.stop();
      return r.far;
    },
  ],
  [
    'publish, bare node:http request (floor)',
    async () => {
      const far = await startFarEnd('sidecar');
      const r = await measure(() =>
        bareRequest(
          `${far.url}/v1.0/publish/pubsub/order-events`,
          JSON.stringify(toCloudEvent('order', 'order-events', orderPlaced())),
          'application/cloudevents+json',
        ),
      );
      far.stop();
      return r.here;
    },
  ],
  [
    'publish, DaprRuntime (node:http)',
    async () => {
      const far = await startFarEnd('sidecar');
      const runtime = new DaprRuntime({
        appId: 'order',
        daprHost: '127.0.0.1',
        daprHttpPort: Number(new URL(far.url).port),
        daprApiToken: 't',
        pubsubName: 'pubsub',
        stateStoreName: 'statestore',
      });
      const r = await measure(() => runtime.publish('order-events', orderPlaced()));
      far.stop();
      return r.here;
    },
  ],
  [
    'publish, @dapr/dapr DaprClient (before)',
    async () => {
      const far = await startFarEnd('sidecar');
      const client = sdkClient(far.url);
      const r = await measure(async () => {
        const result = await client.pubsub.publish(
          'pubsub',
          'order-events',
          toCloudEvent('order', 'order-events', orderPlaced()),
          { contentType: 'application/cloudevents+json' },
        );
        if (result?.error) throw new Error(String(result.error));
      });
      far.stop();
      return r.here;
    },
  ],
  [
    'invoke, DaprRuntime (node:http)',
    async () => {
      const far = await startFarEnd('sidecar');
      const runtime = new DaprRuntime({
        appId: 'order',
        daprHost: '127.0.0.1',
        daprHttpPort: Number(new URL(far.url).port),
        daprApiToken: 't',
        pubsubName: 'pubsub',
        stateStoreName: 'statestore',
      });
      const r = await measure(() =>
        runtime.invoke('catalog', {
          method: 'POST',
          path: '/api/v1/internal/products/check-availability',
          body: { items: [{ productId: 'p-1', quantity: 2 }] },
        }),
      );
      far.stop();
      return r.here;
    },
  ],
  [
    'invoke, @dapr/dapr DaprClient (before)',
    async () => {
      const far = await startFarEnd('sidecar');
      const client = sdkClient(far.url);
      const r = await measure(() =>
        client.invoker.invoke(
          'catalog',
          'api/v1/internal/products/check-availability',
          HttpMethod.POST,
          { items: [{ productId: 'p-1', quantity: 2 }] },
          { headers: {} },
        ),
      );
      far.stop();
      return r.here;
    },
  ],
];

function sdkClient(url: string): DaprClient {
  return new DaprClient({
    daprHost: '127.0.0.1',
    daprPort: new URL(url).port,
    communicationProtocol: CommunicationProtocolEnum.HTTP,
    daprApiToken: 't',
    logger: { level: LogLevel.Warn },
  });
}

async function main() {
  const serveAt = process.argv.indexOf('--serve');
  if (serveAt > 0) return serve(process.argv[serveAt + 1] as ServerKind);
  const only = process.argv.indexOf('--only');
  if (only > 0) {
    // One variant per process, so no variant's JIT state colours another's.
    console.log(JSON.stringify(await VARIANTS[Number(process.argv[only + 1])]![1]()));
    process.exit(0);
  }
  console.log(
    `µs of CPU on the app's side per operation (the other end in its own process; ${REQUESTS} requests, ${CONCURRENCY} at a time; median of 3 processes)`,
  );
  for (const [i, [name]] of VARIANTS.entries()) {
    const runs = Array.from({ length: 3 }, () =>
      Number(
        execFileSync(
          process.execPath,
          [...process.execArgv, __filename, ...process.argv.slice(2), '--only', String(i)],
          { encoding: 'utf8' },
        ).trim(),
      ),
    );
    const median = [...runs].sort((a, b) => a - b)[1]!;
    console.log(`${name.padEnd(42)} ${median.toFixed(1).padStart(7)}   (${runs.map((r) => r.toFixed(1)).join(', ')})`);
  }
}

void main();
