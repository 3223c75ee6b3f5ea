// CPU per HTTP hop (client and server in this one process), for the same JSON request:
//   - bare node:http;
//   - the services' express app as express serves it by default;
//   - the same app on createHttpServer (requests born with express's prototypes).
// What it shows is what one hop of the saga costs before any business logic.
//   npm run bench:hop [-- --requests 50000 --concurrency 8]
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import {
  SERVICE_TOKEN_HEADER,
  createApp,
  createHttpServer,
  createLogger,
  createServiceMetrics,
  finishApp,
  jsonRequest,
} from '@saga/runtime';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const REQUESTS = arg('requests', 50_000);
const CONCURRENCY = arg('concurrency', 8);
const BODY = { orderReference: 'order-1', items: [{ productId: 'p-1', quantity: 2 }], amount: 12345 };
// A hop is an internal call: the services' app checks the service credential before the body.
const TOKEN = 'hop-cost-service-token';
const PATH = '/api/v1/internal/echo';

async function cpuPerRequestUs(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}${PATH}`;
  const run = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const res = await jsonRequest(url, {
        method: 'POST',
        body: BODY,
        headers: { [SERVICE_TOKEN_HEADER]: TOKEN },
        timeoutMs: 5000,
      });
      if ((res.body as { ref?: string }).ref !== BODY.orderReference)
        throw new Error(`unexpected answer ${JSON.stringify(res.body)}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, () => run(500))); // warm-up: JIT, sockets
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: CONCURRENCY }, () => run(Math.ceil(REQUESTS / CONCURRENCY))));
  const cpu = process.cpuUsage(before);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return (cpu.user + cpu.system) / REQUESTS;
}

function servicesApp() {
  const logger = createLogger({ level: 'silent' });
  const app = createApp({
    name: 'hop',
    logger,
    metrics: createServiceMetrics('hop'),
    readiness: {},
    serviceToken: TOKEN,
  });
  app.post(PATH, (req, res) => {
    res.json({ ref: (req.body as typeof BODY).orderReference });
  });
  finishApp(app, logger);
  return app;
}

const bare = () =>
  http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as typeof BODY;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ref: body.orderReference }));
    });
  });

const VARIANTS: Array<[string, () => http.Server]> = [
  ['node:http, bare', bare],
  ['services app, http.createServer(app)', () => http.createServer(servicesApp())],
  ['services app, createHttpServer(app)', () => createHttpServer(servicesApp())],
];

async function main() {
  const only = process.argv.indexOf('--only');
  if (only > 0) {
    // One variant in this process, so no variant's JIT state colours another's.
    const [, make] = VARIANTS[Number(process.argv[only + 1])]!;
    console.log(JSON.stringify(await cpuPerRequestUs(make())));
    return;
  }
  console.log(
    `CPU per hop, µs (client + server in one process; ${REQUESTS} requests, ${CONCURRENCY} at a time; median of 3 processes)`,
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
    console.log(`${name.padEnd(40)} ${median.toFixed(1).padStart(7)}   (${runs.map((r) => r.toFixed(1)).join(', ')})`);
  }
}

void main();
