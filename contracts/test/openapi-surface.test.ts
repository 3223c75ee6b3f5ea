// The OpenAPI document against what the services really serve: the embedded system is started,
// each service's express app is walked (its router stack, as mounted by service-host), and the
// document's operations served by that service must be exactly those routes. A route mounted and
// not documented fails; a route documented and not mounted fails.
import express from 'express';
import { type TestSystem, startTestSystem } from '../../tests/support/test-system';
import { mountedRoutes } from '../../tests/support/mounted-routes';
import { type Json, readGenerated } from './support/generated-files';

const doc = readGenerated('openapi.json');
const SERVICES = ['order', 'catalog', 'payments', 'notifications'] as const;
const PORTS = { order: 3001, catalog: 3002, payments: 3003, notifications: 3004 };
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * Infrastructure, left out of the comparison on both sides: the probes and metrics every service
 * gets from the runtime (checked on their own in openapi-document.test.ts), and Dapr's own routes
 * (subscriptions, mounted only in Dapr mode, called by daprd and described by asyncapi.json).
 */
const INFRASTRUCTURE = [/^\/healthz$/, /^\/readyz$/, /^\/metrics$/, /^\/dapr(\/|$)/];
const isInfrastructure = (path: string) => INFRASTRUCTURE.some((re) => re.test(path));

/** "method path" of every operation the document says the service serves (a path's own servers, else the document's). */
function documentedFor(service: (typeof SERVICES)[number]): string[] {
  const url = `http://localhost:${PORTS[service]}`;
  return Object.entries(doc.paths as Json).flatMap(([path, item]) => {
    const servers = ((item as Json).servers ?? doc.servers) as Json[];
    if (isInfrastructure(path) || !servers.some((s) => s.url === url)) return [];
    return Object.keys(item as Json)
      .filter((method) => METHODS.includes(method))
      .map((method) => `${method} ${path}`);
  });
}

describe('the OpenAPI document describes exactly the routes the services mount', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  }, 60_000);
  afterAll(() => system?.close());

  test.each(SERVICES)('%s: every mounted route is documented, and every documented route is mounted', (service) => {
    const mounted = mountedRoutes(system.services[service].app)
      .filter((r) => !isInfrastructure(r.path))
      .map((r) => `${r.method} ${r.path}`);
    const documented = documentedFor(service);
    expect(mounted.length).toBeGreaterThan(0);
    expect({ service, mountedButNotDocumented: mounted.filter((r) => !documented.includes(r)).sort() }).toEqual({
      service,
      mountedButNotDocumented: [],
    });
    expect({ service, documentedButNotMounted: documented.filter((r) => !mounted.includes(r)).sort() }).toEqual({
      service,
      documentedButNotMounted: [],
    });
  });

  test('every documented operation is served by some service (none is left to no server)', () => {
    const all = new Set(SERVICES.flatMap(documentedFor));
    const operations = Object.entries(doc.paths as Json).flatMap(([path, item]) =>
      isInfrastructure(path)
        ? []
        : Object.keys(item as Json)
            .filter((m) => METHODS.includes(m))
            .map((m) => `${m} ${path}`),
    );
    expect(operations.filter((o) => !all.has(o))).toEqual([]);
  });
});

describe('mountedRoutes (the walker the comparison relies on)', () => {
  test('finds routes on the app and in nested routers, under their mount path, with {params}', () => {
    const app = express();
    const inner = express.Router();
    inner.get('/api/v1/things/:thingId', (_req, res) => void res.end());
    inner.post('/api/v1/things', (_req, res) => void res.end());
    const mountedUnder = express.Router();
    mountedUnder.delete('/:id', (_req, res) => void res.end());
    app.use((_req, _res, next) => next());
    app.use(inner);
    app.use('/api/v1/other', mountedUnder);
    app.put('/top', (_req, res) => void res.end());
    expect(
      mountedRoutes(app)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual(['delete /api/v1/other/{id}', 'get /api/v1/things/{thingId}', 'post /api/v1/things', 'put /top']);
  });
});
