// The embedded system in a child process (`npm start`'s entry point), so a test can kill it with
// SIGKILL mid-saga and start it again on the same database, as a crashed pod would be.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface ChildSystem {
  urls: { order: string; catalog: string; payments: string; notifications: string };
  start(): Promise<void>;
  kill(): void;
  stop(): Promise<void>;
}

export async function childSystem(env: Record<string, string>): Promise<ChildSystem> {
  const ports = { order: await freePort(), catalog: await freePort(), payments: await freePort(), notifications: await freePort() };
  const urls = Object.fromEntries(Object.entries(ports).map(([k, p]) => [k, `http://127.0.0.1:${p}`])) as ChildSystem['urls'];
  let child: ChildProcess | undefined;
  let output = '';
  const root = path.resolve(__dirname, '../..');
  return {
    urls,
    async start() {
      output = '';
      child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'tools/start-embedded.ts')], {
        cwd: root,
        env: {
          ...process.env,
          ...env,
          ORDER_PORT: String(ports.order),
          CATALOG_PORT: String(ports.catalog),
          PAYMENTS_PORT: String(ports.payments),
          NOTIFICATIONS_PORT: String(ports.notifications),
          HOST: '127.0.0.1',
          LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (d) => (output += d));
      child.stderr!.on('data', (d) => (output += d));
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`system exited with ${child.exitCode}:\n${output.slice(-3000)}`);
        const ready = await Promise.all(Object.values(urls).map((u) => fetch(`${u}/readyz`).then((r) => r.ok, () => false)));
        if (ready.every(Boolean)) return;
        if (Date.now() > deadline) throw new Error(`system not ready in 30 s:\n${output.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    kill() {
      child?.kill('SIGKILL');
    },
    async stop() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 8000)))]);
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
