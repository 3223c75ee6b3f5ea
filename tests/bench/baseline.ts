// The floor: the same number of HTTP hops and PostgreSQL commits per saga as the real system
// made (measured during its run), done with node:http and pg directly and nothing else: no
// framework, no ORM, no validation, no business logic. Read every figure as a ratio to this.
import http from 'node:http';
import { Pool } from 'pg';
import { cpuSince, cpuSnapshot } from './machine-cpu';
import { Samples } from './stats';

export interface BaselineResult {
  hopsPerSaga: number;
  commitsPerSaga: number;
  sagasPerSecond: number;
  saga: ReturnType<Samples['summary']>;
  /** CPU per saga of the floor's process (server and its clients) and of PostgreSQL, ms. */
  processCpuMsPerSaga: number;
  postgresCpuMsPerSaga?: number;
}

/**
 * `connections`: as many as the system's pools hold together, so both meet PostgreSQL with the same concurrency.
 * `warmupSeconds`: as long as the system's warm-up, unmeasured, so both are compared once their code is compiled.
 */
export async function runBaseline(
  databaseUrl: string,
  hopsPerSaga: number,
  commitsPerSaga: number,
  customers: number,
  seconds: number,
  connections: number,
  warmupSeconds: number,
): Promise<BaselineResult> {
  const pool = new Pool({ connectionString: databaseUrl, max: connections });
  // The benchmark's database is dropped (with force) at the end: an idle client told so must not crash the run.
  pool.on('error', () => undefined);
  await pool.query('create table if not exists bench_baseline (id bigserial primary key, v text not null)');
  const server = http.createServer((req, res) => {
    const commits = Number(req.headers['x-commits'] ?? 0);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      commitAll(commits, body).then(
        () => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ ok: true, commits }));
        },
        () => res.writeHead(500).end(), // the load driver counts it as an error
      );
    });
  });
  const commitAll = async (commits: number, body: string) => {
    for (let i = 0; i < commits; i++)
      await pool.query('insert into bench_baseline (v) values ($1)', [body.slice(0, 64)]);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  const hop = (commits: number) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          agent,
          headers: { 'x-commits': String(commits), 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ orderId: 'baseline', amount: 12345 }));
    });

  const hops = Math.max(1, Math.round(hopsPerSaga));
  const commits = Math.round(commitsPerSaga);
  const perHop = Array.from({ length: hops }, (_, i) => Math.floor(commits / hops) + (i < commits % hops ? 1 : 0));
  const drive = (until: number, onSaga: (ms: number) => void) =>
    Promise.all(
      Array.from({ length: customers }, async () => {
        while (Date.now() < until) {
          const started = performance.now();
          for (const c of perHop) await hop(c);
          onSaga(performance.now() - started);
        }
      }),
    );
  await drive(Date.now() + warmupSeconds * 1000, () => undefined);
  const samples = new Samples();
  let completed = 0;
  const cpuBefore = process.cpuUsage();
  const machineBefore = cpuSnapshot();
  await drive(Date.now() + seconds * 1000, (ms) => {
    samples.add(ms);
    completed++;
  });
  const cpu = process.cpuUsage(cpuBefore);
  const machine = cpuSince(machineBefore);
  server.close();
  agent.destroy();
  await pool.query('drop table bench_baseline');
  await pool.end();
  const perSaga = (ms: number) => Math.round((ms / Math.max(1, completed)) * 100) / 100;
  return {
    hopsPerSaga,
    commitsPerSaga,
    sagasPerSecond: Math.round((completed / seconds) * 10) / 10,
    saga: samples.summary(),
    processCpuMsPerSaga: perSaga((cpu.user + cpu.system) / 1000),
    ...(machine ? { postgresCpuMsPerSaga: perSaga(machine.postgresMs) } : {}),
  };
}
