// Real daprd (npm run dapr:install puts it in ~/.dapr/bin) for the Dapr-mode tests: one sidecar
// process per app, on the project's own resources (components/local), rewritten only where a test
// must point them elsewhere: its own Redis database, its own PostgreSQL database, and a name
// resolver of its own (sqlite, one file per test system, so no sidecar of an earlier test is found).
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { freePort } from './multiprocess-imports';

const ROOT = path.resolve(__dirname, '../..');
export const DAPRD = process.env.DAPRD_PATH ?? path.join(os.homedir(), '.dapr/bin/daprd');

export function daprdInstalled(): boolean {
  return fs.existsSync(DAPRD);
}

export interface ResourceOptions {
  /** Which shipped resources to start from: components/local (Redis Streams) or components/aws (SNS/SQS). */
  from?: 'local' | 'aws';
  redisDb?: number;
  databaseUrl: string;
  /** Metadata to set on the pub/sub component (an emulator's endpoint, say). */
  pubsubMetadata?: Record<string, string>;
  /** Edits the shipped Resiliency spec in place (shorter windows for a test; never a new policy). */
  resiliency?: (spec: any) => void;
  /**
   * Traces as the shipped Configuration does (its sampling rate; its exporter left out, there is no
   * collector here): daprd makes a span per call and hands the app a traceparent naming it. Without
   * it daprd has no tracer and passes a caller's traceparent on unchanged.
   */
  tracing?: boolean;
}

/** The shipped policies with shorter waits between delivery retries, so that a test sees every retry run out. */
export function shortRetryWaits(spec: any): void {
  spec.policies.retries.deliveryRetry.maxInterval = '100ms';
  spec.policies.timeouts.delivery = '2s';
}

export interface DaprResources {
  dir: string;
  configFile: string;
  remove(): void;
}

type Doc = { kind?: string; metadata?: { name?: string }; spec?: any };

function setMetadata(doc: Doc, name: string, value: string): void {
  const list: Array<{ name: string; value: string }> = (doc.spec.metadata ??= []);
  const item = list.find((m) => m.name === name);
  if (item) item.value = value;
  else list.push({ name, value });
}

/** The shipped Configuration's tracing without its exporter (there is no collector here). */
function shippedSampling(from: string): { samplingRate: string } {
  const config = parseAllDocuments(fs.readFileSync(path.join(from, 'config.yaml'), 'utf8'))[0]!.toJSON() as Doc;
  return { samplingRate: config.spec.tracing.samplingRate };
}

/** The shipped components, resiliency and configuration, written to a folder of the test's own. */
export function writeDaprResources(options: ResourceOptions): DaprResources {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saga-dapr-'));
  const from = path.join(ROOT, 'components', options.from ?? 'local');
  const pg = new URL(options.databaseUrl);
  for (const file of fs
    .readdirSync(from)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml' && f !== 'config.yaml')) {
    const docs = parseAllDocuments(fs.readFileSync(path.join(from, file), 'utf8')).map((d) => d.toJSON() as Doc);
    for (const doc of docs) {
      if (doc.kind === 'Component' && doc.spec.type.startsWith('pubsub.')) {
        if (doc.spec.type === 'pubsub.redis') {
          setMetadata(doc, 'redisHost', '127.0.0.1:6379');
          setMetadata(doc, 'redisDB', String(options.redisDb ?? 0));
        }
        for (const [k, v] of Object.entries(options.pubsubMetadata ?? {})) setMetadata(doc, k, v);
      }
      if (doc.kind === 'Component' && doc.spec.type === 'state.postgresql') {
        delete (doc as { auth?: unknown }).auth;
        doc.spec.metadata = [
          {
            name: 'connectionString',
            value: `host=${pg.hostname} port=${pg.port || 5432} user=${pg.username || 'postgres'} database=${pg.pathname.slice(1)}`,
          },
          { name: 'tablePrefix', value: 'dapr_' },
        ];
      }
      if (doc.kind === 'Resiliency') options.resiliency?.(doc.spec);
    }
    // Components that read AWS credentials from a secret store have none here.
    const kept = docs.filter((d) => !(d.kind === 'Component' && d.spec.type.startsWith('secretstores.')));
    fs.writeFileSync(path.join(dir, file), kept.map((d) => JSON.stringify(d)).join('\n---\n'));
  }
  const configFile = path.join(dir, '..', `${path.basename(dir)}-config.yaml`);
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Configuration',
      metadata: { name: 'checkout-saga' },
      spec: {
        nameResolution: {
          component: 'sqlite',
          configuration: { connectionString: path.join(dir, '..', `${path.basename(dir)}-names.db`) },
        },
        ...(options.tracing ? { tracing: shippedSampling(from) } : {}),
      },
    }),
  );
  return {
    dir,
    configFile,
    remove: () => {
      fs.rmSync(dir, { recursive: true, force: true });
      for (const f of fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`${path.basename(dir)}-`)))
        fs.rmSync(path.join(os.tmpdir(), f), { force: true });
    },
  };
}

export interface Daprd {
  appId: string;
  httpPort: number;
  url: string;
  start(): Promise<void>;
  /** SIGKILL, as a crashed sidecar container. */
  kill(): void;
  stop(): Promise<void>;
  output(): string;
  /** The running daprd's process id, if any (the benchmark reads its CPU time). */
  pid(): number | undefined;
  /** GET /v1.0/metadata: what this sidecar loaded and subscribed. */
  metadata(): Promise<{
    id?: string;
    subscriptions?: Array<{ topic: string; pubsubname: string; deadLetterTopic?: string }>;
  }>;
}

export interface DaprdOptions {
  appId: string;
  appPort: number;
  resources: DaprResources;
  env?: Record<string, string>;
  logLevel?: string;
}

export async function daprd(options: DaprdOptions): Promise<Daprd> {
  const [httpPort, grpcPort, internalPort, metricsPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  let child: ChildProcess | undefined;
  let output = '';
  const url = `http://127.0.0.1:${httpPort}`;
  const apiToken = options.env?.DAPR_API_TOKEN;
  const handle: Daprd = {
    appId: options.appId,
    httpPort,
    url,
    output: () => output,
    pid: () => child?.pid,
    async start() {
      child = spawn(
        DAPRD,
        [
          '--app-id',
          options.appId,
          '--app-port',
          String(options.appPort),
          '--app-channel-address',
          '127.0.0.1',
          '--dapr-http-port',
          String(httpPort),
          '--dapr-grpc-port',
          String(grpcPort),
          '--dapr-internal-grpc-port',
          String(internalPort),
          '--dapr-listen-addresses',
          '127.0.0.1',
          '--metrics-port',
          String(metricsPort),
          '--metrics-listen-address',
          '127.0.0.1',
          '--resources-path',
          options.resources.dir,
          '--config',
          options.resources.configFile,
          '--log-level',
          options.logLevel ?? process.env.DAPRD_LOG_LEVEL ?? 'warn',
          '--placement-host-address',
          '',
          '--scheduler-host-address',
          '',
          '--dapr-graceful-shutdown-seconds',
          '1',
        ],
        { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child.stdout!.on('data', (d) => (output += d));
      child.stderr!.on('data', (d) => (output += d));
      // The sidecar's own API is up once /v1.0/healthz/outbound answers (the full /healthz also waits for the app).
      const deadline = Date.now() + 20_000;
      for (;;) {
        if (child.exitCode !== null)
          throw new Error(`daprd ${options.appId} exited with ${child.exitCode}:\n${output.slice(-3000)}`);
        const ok = await fetch(`${url}/v1.0/healthz/outbound`).then(
          (r) => r.status < 300,
          () => false,
        );
        if (ok) return;
        if (Date.now() > deadline) throw new Error(`daprd ${options.appId} not up in 20 s:\n${output.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    kill() {
      child?.kill('SIGKILL');
    },
    async stop() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
    async metadata() {
      const res = await fetch(`${url}/v1.0/metadata`, { headers: apiToken ? { 'dapr-api-token': apiToken } : {} });
      return (await res.json()) as Awaited<ReturnType<Daprd['metadata']>>;
    },
  };
  return handle;
}
