// The Grafana dashboard and the PrometheusRule use only metrics the services export. Statically:
// every query parses as PromQL and names only catalogued metrics (support/metric-catalogue.ts),
// histograms only through _bucket/_sum/_count. Live: the embedded system is started, a checkout is
// made, and each service's GET /metrics must declare (`# TYPE`) every metric the queries name,
// and the label values the queries select must occur.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { build } from './support/kustomize';
import { REPO, objectsOf } from './support/manifests';
import { EXPORTED, HISTOGRAMS, KNOWN_METRICS, SERVICES } from './support/metric-catalogue';
import {
  DASHBOARD_FILE,
  type Query,
  RULES_FILE,
  dashboard,
  dashboardQueries,
  familyOf,
  parsePromql,
  ruleQueries,
} from './support/promql';

const queries: Query[] = [...dashboardQueries(), ...ruleQueries()];
const parsed = queries.map((q) => ({ ...q, ...parsePromql(q.expr) }));

describe('dashboard and alert queries (static)', () => {
  it('finds the queries', () => {
    expect(dashboardQueries().length).toBeGreaterThan(25);
    expect(ruleQueries().length).toBeGreaterThanOrEqual(10);
  });

  it.each(parsed.map((q) => [q.where, q]))('%s names only exported metrics', (_where, q) => {
    expect(q.metrics.length).toBeGreaterThan(0);
    for (const m of q.metrics) {
      const family = familyOf(m, HISTOGRAMS);
      expect({ metric: m, known: KNOWN_METRICS.has(family) }).toEqual({ metric: m, known: true });
      // A histogram is only queried through its series, never by its bare name.
      expect({ metric: m, bareHistogram: HISTOGRAMS.has(m) }).toEqual({ metric: m, bareHistogram: false });
    }
    for (const [label, value] of q.equalities) if (label === 'service') expect(SERVICES).toContain(value);
  });

  it('would reject an unknown metric and bad PromQL', () => {
    expect(parsePromql('rate(http_requests_totl[5m])').metrics).toEqual(['http_requests_totl']);
    expect(KNOWN_METRICS.has('http_requests_totl')).toBe(false);
    expect(() => parsePromql('sum(rate(http_requests_total[5m])')).toThrow(/syntax/);
    expect(parsePromql('{__name__="outbox_backlog"}').metrics).toEqual(['outbox_backlog']);
  });

  it('has the panels the on-call engineer needs', () => {
    const d = dashboard();
    const panels = d.panels.filter((p) => p.type !== 'row');
    expect(new Set(d.panels.map((p) => p.id)).size).toBe(d.panels.length);
    const titles = panels.map((p) => p.title.toLowerCase()).join('\n');
    for (const t of [
      'request rate',
      'error',
      'p95 latency',
      'checkout outcomes',
      'saga steps',
      'outbox lag',
      'backlog',
      'dead letters',
      'circuit',
      'webhook ack',
      'signature',
      'open vendor sockets',
      'order placed to vendor frame',
    ]) {
      expect({ panel: t, present: titles.includes(t) }).toEqual({ panel: t, present: true });
    }
    const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ''));
    expect(exprs.some((e) => /histogram_quantile\(0\.95, .*http_request_duration_seconds_bucket/.test(e))).toBe(true);
  });

  it('ships the same dashboard JSON in the ConfigMap of the base', () => {
    const cm = build(path.join(REPO, 'deploy/base')).find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name === 'checkout-saga-dashboard',
    ) as any;
    expect(cm.metadata.labels.grafana_dashboard).toBe('1');
    expect(cm.data['checkout-saga-dashboard.json']).toBe(readFileSync(DASHBOARD_FILE, 'utf8'));
  });

  it('alerts on money at risk, signatures, dead letters, the outbox, the circuit, checkout latency and errors', () => {
    const [rule] = objectsOf(RULES_FILE).map((x) => x.object as any);
    const rules = rule.spec.groups.flatMap((g: any) => g.rules);
    const byMetric = (m: string) => rules.filter((r: any) => String(r.expr).includes(m)).map((r: any) => r.alert);
    for (const m of [
      'order_payment_confirmations_total',
      'catalog_sales_total{outcome="shortfall"}',
      'invalid_signature',
      'runtime_dead_letters_total',
      'outbox_lag_seconds',
      'outbox_backlog',
      'payments_gateway_circuit_state',
      'route="/api/v1/orders/checkout"',
      'status=~"5.."',
    ]) {
      expect({ m, alerts: byMetric(m).length > 0 }).toEqual({ m, alerts: true });
    }
    expect(rules.find((r: any) => r.alert === 'CheckoutLatencyOverBudget').expr).toMatch(/> 0\.2\b/);
    const readme = readFileSync(path.join(REPO, 'deploy/README.md'), 'utf8');
    const anchors = new Set(
      [...readme.matchAll(/^#+\s+(.+)$/gm)].map((m) =>
        m[1]!
          .trim()
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .replace(/ /g, '-'),
      ),
    );
    for (const r of rules) {
      expect({
        alert: r.alert,
        severity: ['critical', 'warning'].includes(r.labels?.severity),
        summary: !!r.annotations?.summary,
      }).toEqual({ alert: r.alert, severity: true, summary: true });
      const anchor = /README\.md#(.+)$/.exec(r.annotations.runbook_url ?? '')?.[1];
      expect({ alert: r.alert, runbookInReadme: !!anchor && anchors.has(anchor) }).toEqual({
        alert: r.alert,
        runbookInReadme: true,
      });
    }
  });
});

describe('dashboard and alert queries against the running services (live)', () => {
  let system: TestSystem;
  const types = new Map<string, string>();
  const series: string[] = [];

  beforeAll(async () => {
    system = await startTestSystem();
    await system.addProduct({
      productId: 'observability-probe',
      vendorId: 'vendor-observability',
      price: 1000,
      stock: 10,
    });
    const res = await system.checkout([{ productId: 'observability-probe', quantity: 1 }]);
    expect(res.status).toBe(200);
    await fetch(`${system.urls.catalog}/api/v1/products`);
    for (const service of SERVICES) {
      const text = await (await fetch(`${system.urls[service]}/metrics`)).text();
      for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) types.set(name!, type!);
      series.push(...text.split('\n').filter((l) => l && !l.startsWith('#')));
    }
  }, 60_000);
  afterAll(() => system?.close());

  it('every service declares the runtime metrics with its service label', () => {
    for (const s of SERVICES)
      expect(series.some((l) => l.startsWith('process_resident_memory_bytes{') && l.includes(`service="${s}"`))).toBe(
        true,
      );
  });

  it('exports every metric the dashboard and the alerts name', () => {
    const missing: string[] = [];
    for (const q of parsed) {
      for (const m of q.metrics) {
        const family = familyOf(m, HISTOGRAMS);
        const type = types.get(family);
        if (!type) {
          missing.push(family);
          continue;
        }
        if (family !== m) expect({ metric: m, type }).toEqual({ metric: m, type: 'histogram' });
        if (HISTOGRAMS.has(family)) expect({ metric: family, type }).toEqual({ metric: family, type: 'histogram' });
      }
    }
    expect([...new Set(missing)]).toEqual([]);
    for (const m of EXPORTED) expect({ metric: m, exported: types.has(m) }).toEqual({ metric: m, exported: true });
  });

  it('selects route label values that the services really produce', () => {
    const routes = new Set(parsed.flatMap((q) => q.equalities.filter(([l]) => l === 'route').map(([, v]) => v)));
    expect(routes.size).toBeGreaterThan(0);
    for (const route of routes)
      expect({ route, seen: series.some((l) => l.includes(`route="${route}"`)) }).toEqual({ route, seen: true });
  });
});
