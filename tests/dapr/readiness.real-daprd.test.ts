// daprd reads GET /dapr/subscribe once, when the app's port first answers. With an APP_API_TOKEN
// mismatch that read gets 401 and the sidecar runs with no subscriptions, healthy, until it is
// restarted. The service's /readyz asks the sidecar (GET /v1.0/metadata) what it subscribed, so
// the mismatch shows as "not ready" instead of a service that silently consumes nothing.
import { type ChildHandle, childProcess } from '../support/child-process';
import { freePort } from '../support/multiprocess-imports';
import { type Daprd, type DaprResources, daprd, writeDaprResources } from '../support/real-daprd';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('readiness next to real daprd', () => {
  let database: TestDatabase;
  let resources: DaprResources;
  const running: Array<ChildHandle | Daprd> = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    resources = writeDaprResources({ databaseUrl: database.url, redisDb: 14 });
  });
  afterAll(async () => {
    for (const r of running.reverse()) await r.stop();
    resources?.remove();
    await database?.drop();
  });

  async function notificationsWith(appToken: string, sidecarToken: string) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const sidecar = await daprd({
      appId: 'notifications',
      appPort: port,
      resources,
      env: { APP_API_TOKEN: sidecarToken },
    });
    await sidecar.start();
    running.push(sidecar);
    // Started once its liveness answers: readiness is what the test looks at.
    const app = childProcess(
      'services/notifications/src/main.ts',
      {
        RUNTIME: 'dapr',
        DATABASE_URL: database.url,
        DAPR_HTTP_PORT: String(sidecar.httpPort),
        NOTIFICATIONS_PORT: String(port),
        HOST: '127.0.0.1',
        APP_API_TOKEN: appToken,
      },
      [url],
      60_000,
      '/healthz',
    );
    await app.start();
    running.push(app);
    return { url, sidecar, app };
  }

  async function readiness(url: string, want: number) {
    let last = { status: 0, detail: '' };
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${url}/readyz`);
      last = {
        status: res.status,
        detail: res.status === 200 ? '' : ((await res.json()) as { detail: string }).detail,
      };
      if (last.status === want) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return last;
  }

  it('is not ready while its sidecar, refused at GET /dapr/subscribe, has subscribed to nothing', async () => {
    const { url, sidecar } = await notificationsWith('the-app-token', 'another-token');
    const { status, detail } = await readiness(url, 503);
    expect(status).toBe(503);
    expect(detail).toMatch(/has not subscribed to order-events/);
    expect(detail).toMatch(/APP_API_TOKEN/);
    expect((await sidecar.metadata()).subscriptions ?? []).toEqual([]);
  }, 60_000);

  it('is ready once the tokens agree and the sidecar lists our subscriptions', async () => {
    const { url, sidecar } = await notificationsWith('same-token', 'same-token');
    expect(await readiness(url, 200)).toEqual({ status: 200, detail: '' });
    const topics = ((await sidecar.metadata()).subscriptions ?? []).map((s) => s.topic).sort();
    expect(topics).toEqual(['order-events', 'order-events.notifications.deadletter']);
  }, 60_000);
});
