// A port another process holds is a mistake of configuration, not a crash: the service says which
// of its ports, and which variable sets it, in one line, and exits non-zero (no stack trace).
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const ROOT = path.resolve(__dirname, '../..');

/** Runs a TypeScript entry point to its end: its exit code and everything it printed. */
function runToExit(
  entry: string,
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry), ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('a port already in use at start', () => {
  let database: TestDatabase;
  let squatter: net.Server;
  let busyPort: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    busyPort = (squatter.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => squatter.close(resolve));
    await database.drop();
  });

  const common = () => ({
    DATABASE_URL: database.url,
    NODE_ENV: 'test',
    SEED_DEMO_CATALOG: 'false',
    HOST: '127.0.0.1',
    RUNTIME: 'embedded',
  });

  it('one service alone (npm start -w services/order): names the service, the port and ORDER_PORT, and exits non-zero', async () => {
    const { code, output } = await runToExit(
      'tools/dev-harness/src/standalone/main.ts',
      { ...common(), ORDER_PORT: String(busyPort) },
      ['order'],
    );
    expect(code).not.toBe(0);
    expect(output).toContain(`order: port ${busyPort} (ORDER_PORT) is already in use`);
    expect(output).not.toMatch(/\n\s+at /);
  }, 90_000);

  it("the service's own main (its image, on Dapr): names ORDER_PORT the same way", async () => {
    const { code, output } = await runToExit('services/order/src/main.ts', {
      ...common(),
      RUNTIME: 'dapr',
      ORDER_PORT: String(busyPort),
    });
    expect(code).not.toBe(0);
    expect(output).toContain(`order: port ${busyPort} (ORDER_PORT) is already in use`);
    expect(output).not.toMatch(/\n\s+at /);
  }, 90_000);

  it('the whole system (npm start): names the service, the port and its variable, and exits non-zero', async () => {
    const { code, output } = await runToExit('tools/start-embedded.ts', {
      ...common(),
      CATALOG_PORT: '0',
      PAYMENTS_PORT: '0',
      NOTIFICATIONS_PORT: '0',
      RAZORPAY_SIM_PORT: '0',
      ORDER_PORT: String(busyPort),
    });
    expect(code).not.toBe(0);
    expect(output).toContain(`order: port ${busyPort} (ORDER_PORT) is already in use`);
    expect(output).not.toMatch(/\n\s+at /);
  }, 90_000);

  it("the whole system (npm start) with the simulator's port taken: names RAZORPAY_SIM_PORT", async () => {
    const { code, output } = await runToExit('tools/start-embedded.ts', {
      ...common(),
      CATALOG_PORT: '0',
      PAYMENTS_PORT: '0',
      NOTIFICATIONS_PORT: '0',
      ORDER_PORT: '0',
      RAZORPAY_SIM_PORT: String(busyPort),
    });
    expect(code).not.toBe(0);
    expect(output).toContain(`razorpay-sim: port ${busyPort} (RAZORPAY_SIM_PORT) is already in use`);
    expect(output).not.toMatch(/\n\s+at /);
  }, 90_000);

  it("the whole system (npm start) with the pages' port taken: names WEB_PORT", async () => {
    const { code, output } = await runToExit('tools/start-embedded.ts', {
      ...common(),
      CATALOG_PORT: '0',
      PAYMENTS_PORT: '0',
      NOTIFICATIONS_PORT: '0',
      ORDER_PORT: '0',
      RAZORPAY_SIM_PORT: '0',
      WEB_PORT: String(busyPort),
    });
    expect(code).not.toBe(0);
    expect(output).toContain(`web: port ${busyPort} (WEB_PORT) is already in use`);
    expect(output).not.toMatch(/\n\s+at /);
  }, 90_000);
});
