// The images run compiled JavaScript with plain node (no tsx): deploy/scripts/build-services.ts
// bundles each service with @saga/runtime and @saga/contracts. Here the build runs for real, the
// compiled catalog boots on a fresh PostgreSQL database with `node --enable-source-maps` exactly as
// its image's CMD does (no loader, NODE_OPTIONS cleared), next to a real daprd as in a pod (its own
// main runs only with RUNTIME=dapr), and answers /healthz and /readyz, its
// compiled migration script runs as the Job runs it, and every package the bundles still require
// is one that `npm ci --omit=dev` (the image's install) puts in node_modules.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { SERVICES, type BuiltService, buildService } from '../../deploy/scripts/build-services';
import { freePort } from '../support/multiprocess-imports';
import { flushRedisDb } from '../support/real-dapr-system';
import { type DaprResources, type Daprd, daprd, writeDaprResources } from '../support/real-daprd';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';
import { REPO } from './support/manifests';

// Inside the repository, as /app/dist/<service> is in the image: the bundle finds node_modules above it.
mkdirSync(path.join(REPO, 'dist'), { recursive: true });
const outRoot = mkdtempSync(path.join(REPO, 'dist', '.test-'));
const built = new Map<string, BuiltService>();

/** What plain node is given: no tsx loader inherited from the test run, production settings. */
const plainEnv = (env: Record<string, string>): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  ...env,
});

beforeAll(async () => {
  for (const service of SERVICES) built.set(service, await buildService(service, path.join(outRoot, service)));
}, 60_000);
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

describe('the compiled services (dist/<service>/main.js, migrate.js)', () => {
  it('bundle the workspaces and require only packages a production install has', () => {
    const lock = JSON.parse(readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean; link?: boolean }>;
    };
    const production = (name: string) => {
      const entry = lock.packages[`node_modules/${name}`];
      return entry !== undefined && entry.dev !== true;
    };
    for (const [service, b] of built) {
      const required = [...b.externals.main, ...b.externals.migrate].filter((name) => !builtinModules.includes(name));
      expect(required.length).toBeGreaterThan(0);
      for (const name of required)
        expect({ service, name, production: production(name) }).toEqual({ service, name, production: true });
      expect(required).not.toContain('tsx');
      // The workspaces are inside the bundles. The images delete the workspace links from
      // node_modules but @saga/contracts' in order's, whose service finds the OpenAPI document next
      // to that package.json; migrate.js names the other services, which its image does not hold.
      expect({ service, workspaces: b.externals.main.filter((n) => n.startsWith('@saga/')) }).toEqual({
        service,
        workspaces: service === 'order' ? ['@saga/contracts'] : [],
      });
      expect(b.externals.migrate.filter((n) => ['@saga/runtime', `@saga/${service}`].includes(n))).toEqual([]);
      const main = readFileSync(b.main, 'utf8');
      expect(main).not.toMatch(/require\("@saga\/(runtime|contracts|catalog|payments|order|notifications)"\)/);
    }
  });

  it('carry source maps that lead back to the TypeScript sources', () => {
    const b = built.get('catalog')!;
    expect(readFileSync(b.main, 'utf8')).toMatch(/\/\/# sourceMappingURL=main\.js\.map\s*$/);
    const map = JSON.parse(readFileSync(`${b.main}.map`, 'utf8')) as { sources: string[]; sourcesContent?: string[] };
    const sources = map.sources.map((s) => path.relative(REPO, path.resolve(path.dirname(b.main), s)));
    expect(sources).toEqual(
      expect.arrayContaining([
        path.join('services', 'catalog', 'src', 'main.ts'),
        path.join('services', 'runtime', 'src', 'service', 'run-standalone.ts'),
      ]),
    );
    expect(map.sourcesContent?.length).toBe(map.sources.length);
    const migrateMap = JSON.parse(readFileSync(`${b.migrate}.map`, 'utf8')) as { sources: string[] };
    expect(migrateMap.sources.map((s) => path.relative(REPO, path.resolve(path.dirname(b.migrate), s)))).toContain(
      path.join('deploy', 'scripts', 'migrate.ts'),
    );
  });

  describe('catalog, booted with plain node on PostgreSQL', () => {
    let db: TestDatabase;
    let child: ChildProcess | undefined;
    let sidecar: Daprd | undefined;
    let resources: DaprResources | undefined;
    let output = '';
    const APP_API_TOKEN = 'compiled-service-test-app-token-0123456789';

    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(async () => {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      await sidecar?.stop();
      resources?.remove();
      await db?.drop();
    });

    it('runs the migrations as the Job does: node dist/catalog/migrate.js catalog', () => {
      const run = spawnSync(process.execPath, ['--enable-source-maps', built.get('catalog')!.migrate, 'catalog'], {
        cwd: REPO,
        env: plainEnv({ DATABASE_URL: db.url }),
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(run.stdout).toMatch(/"service":"catalog".*migrations applied/);
      // The catalog image holds no other service: asking it for one fails instead of migrating nothing.
      const other = spawnSync(process.execPath, [built.get('catalog')!.migrate, 'order'], {
        cwd: path.dirname(built.get('catalog')!.migrate),
        env: plainEnv({ DATABASE_URL: db.url }),
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(other.status).not.toBe(0);
    }, 90_000);

    it('starts, answers /healthz and /readyz, and exits 0 on SIGTERM', async () => {
      const port = await freePort();
      const redisDb = 15;
      await flushRedisDb(redisDb);
      resources = writeDaprResources({ redisDb, databaseUrl: db.url });
      sidecar = await daprd({ appId: 'catalog', appPort: port, resources, env: { APP_API_TOKEN } });
      await sidecar.start();
      // The image's CMD: node --enable-source-maps dist/catalog/main.js, from its WORKDIR.
      child = spawn(process.execPath, ['--enable-source-maps', built.get('catalog')!.main], {
        cwd: REPO,
        env: plainEnv({
          DATABASE_URL: db.url,
          CATALOG_PORT: String(port),
          HOST: '127.0.0.1',
          JWT_SECRET: 'compiled-service-test-jwt-secret-0123456789',
          APP_API_TOKEN,
          RUNTIME: 'dapr',
          DAPR_HTTP_PORT: String(sidecar.httpPort),
          DAPR_HOST: '127.0.0.1',
          RAZORPAY_KEY_ID: 'rzp_test_compiledservice',
          RAZORPAY_KEY_SECRET: 'compiled-service-test-key-secret',
          RAZORPAY_WEBHOOK_SECRET: 'compiled-service-test-webhook-secret',
        }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (d) => (output += d));
      child.stderr!.on('data', (d) => (output += d));
      const probe = (p: string) => () =>
        fetch(`http://127.0.0.1:${port}${p}`).then(
          async (r) => ({ status: r.status, body: await r.json() }),
          () => ({ status: 0, body: null }),
        );
      const exitedEarly = () => child!.exitCode !== null;
      const health = await until(probe('/healthz'), (r) => r.status === 200 || exitedEarly(), 60_000);
      expect({ health, output: health.status === 200 ? '' : output }).toEqual({
        health: { status: 200, body: { status: 'ok' } },
        output: '',
      });
      const ready = await until(probe('/readyz'), (r) => r.status === 200 || exitedEarly(), 30_000);
      expect(ready).toEqual({ status: 200, body: expect.objectContaining({ status: 'ready' }) });
      expect(output).toMatch(/"msg":"catalog listening"/);
      const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }, 120_000);
  });
});
