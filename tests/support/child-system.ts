// The embedded system in a child process (`npm start`'s entry point), so a test can kill it with
// SIGKILL mid-saga and start it again on the same database, as a crashed pod would be.
import { freePort } from '@saga/dev-harness';
import { type ChildHandle, childProcess } from './child-process';

export interface ChildSystem extends ChildHandle {
  urls: { order: string; catalog: string; payments: string; notifications: string };
}

export async function childSystem(env: Record<string, string>, readyTimeoutMs?: number): Promise<ChildSystem> {
  const ports = {
    order: await freePort(),
    catalog: await freePort(),
    payments: await freePort(),
    notifications: await freePort(),
  };
  const urls = Object.fromEntries(
    Object.entries(ports).map(([k, p]) => [k, `http://127.0.0.1:${p}`]),
  ) as ChildSystem['urls'];
  const child = childProcess(
    'tools/start-embedded.ts',
    {
      ...env,
      ORDER_PORT: String(ports.order),
      CATALOG_PORT: String(ports.catalog),
      PAYMENTS_PORT: String(ports.payments),
      NOTIFICATIONS_PORT: String(ports.notifications),
      WEB_PORT: '0', // the pages are not under test here; never the default 3000 another run may hold
      HOST: '127.0.0.1',
    },
    Object.values(urls),
    readyTimeoutMs,
  );
  return {
    urls,
    start: child.start,
    kill: child.kill,
    stop: child.stop,
    pid: child.pid,
    running: child.running,
    output: child.output,
  };
}
