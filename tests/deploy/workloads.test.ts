// What every workload must carry, checked on what each overlay builds: the Dapr annotations,
// probes, resources, a non-root locked-down securityContext, its own database URL and the app
// token from Secrets, a PodDisruptionBudget, an HPA and a ServiceAccount; the notifier's
// StatefulSet fan-out; the public paths; who may reach each pod (the NetworkPolicies evaluated per
// workload); what Prometheus scrapes; the migration Job, and order-audit creating its own schema.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_NAMES } from '../../deploy/scripts/migrate';
import { build } from './support/kustomize';
import { type K8sObject, REPO, filesUnder, podSpecOf, podTemplateOf } from './support/manifests';

const PORTS: Record<string, number> = {
  order: 3001,
  catalog: 3002,
  payments: 3003,
  notifications: 3004,
  'order-audit': 3005,
};
/** The Node services: public paths, /metrics, invoked through Dapr, migrated by the Job. */
const NODE_SERVICES = ['order', 'catalog', 'payments', 'notifications'];
/** Creates its own schema at start (services/order-audit/order_audit/store.py): no Job container. */
const SELF_MIGRATING = ['order-audit'];
const REQUIRED_ANNOTATIONS = [
  'dapr.io/enabled',
  'dapr.io/app-id',
  'dapr.io/app-port',
  'dapr.io/config',
  'dapr.io/app-protocol',
  'dapr.io/enable-app-health-check',
  'dapr.io/app-health-check-path',
  'dapr.io/graceful-shutdown-seconds',
  'dapr.io/sidecar-cpu-limit',
  'dapr.io/sidecar-memory-limit',
  'dapr.io/sidecar-cpu-request',
  'dapr.io/sidecar-memory-request',
  'dapr.io/api-token-secret',
  'dapr.io/app-token-secret',
];

const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/** A LabelSelector (matchLabels and matchExpressions) applied to a pod's labels, as Kubernetes does. */
function labelSelectorMatches(selector: any, labels: Record<string, string>): boolean {
  if (!selects(selector?.matchLabels ?? {}, labels)) return false;
  return (selector?.matchExpressions ?? []).every((e: any) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In':
        return has && e.values.includes(labels[e.key]);
      case 'NotIn':
        return !has || !e.values.includes(labels[e.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        throw new Error(`unknown selector operator ${e.operator}`);
    }
  });
}

/** What may open a connection to pods with these labels: "<port> from <source>", once each. */
function ingressAllowedTo(policies: any[], labels: Record<string, string>): string[] {
  const source = (f: any) =>
    f.ipBlock
      ? `ipBlock ${f.ipBlock.cidr}`
      : [
          f.namespaceSelector && `namespace ${JSON.stringify(f.namespaceSelector)}`,
          f.podSelector && `pods ${JSON.stringify(f.podSelector)}`,
        ]
          .filter(Boolean)
          .join(' ');
  const allowed = policies
    .filter((p) => labelSelectorMatches(p.spec.podSelector, labels))
    .flatMap((p) =>
      (p.spec.ingress ?? []).flatMap((i: any) =>
        i.ports.flatMap((x: any) => i.from.map((f: any) => `${x.port} from ${source(f)}`)),
      ),
    );
  return [...new Set<string>(allowed)].sort();
}

const MONITORING = 'namespace {"matchLabels":{"kubernetes.io/metadata.name":"monitoring"}}';
const SAGA_PODS = 'pods {"matchLabels":{"app.kubernetes.io/part-of":"checkout-saga"}}';

describe('the NetworkPolicy evaluation (so the policy checks below can fail)', () => {
  const labels = { 'app.kubernetes.io/name': 'order-audit', 'app.kubernetes.io/part-of': 'checkout-saga' };

  it('applies matchLabels and matchExpressions as Kubernetes does', () => {
    expect(labelSelectorMatches({}, labels)).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { 'app.kubernetes.io/part-of': 'checkout-saga' } }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { 'app.kubernetes.io/part-of': 'other' } }, labels)).toBe(false);
    expect(
      labelSelectorMatches(
        { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['order'] }] },
        labels,
      ),
    ).toBe(false);
    expect(
      labelSelectorMatches(
        { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['order'] }] },
        labels,
      ),
    ).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'x', operator: 'Exists' }] }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] }, labels)).toBe(true);
  });

  it('lists what a policy selecting the pods lets in, and nothing from a policy that does not', () => {
    const rule = {
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ port: 9090 }],
    };
    const everyPod = { spec: { podSelector: {}, ingress: [rule] } };
    const onlyOrder = {
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'order' } },
        ingress: [{ ...rule, ports: [{ port: 'http' }] }],
      },
    };
    expect(ingressAllowedTo([everyPod, onlyOrder], labels)).toEqual([`9090 from ${MONITORING}`]);
  });
});

function checkContainerSecurity(where: string, c: any, pod: any) {
  const sc = c.securityContext ?? {};
  expect({ where, runAsNonRoot: sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot }).toEqual({
    where,
    runAsNonRoot: true,
  });
  expect({ where, uid: (sc.runAsUser ?? pod.securityContext?.runAsUser ?? 0) > 0 }).toEqual({ where, uid: true });
  expect({
    where,
    ro: sc.readOnlyRootFilesystem,
    esc: sc.allowPrivilegeEscalation,
    drop: sc.capabilities?.drop,
    priv: sc.privileged ?? false,
  }).toEqual({
    where,
    ro: true,
    esc: false,
    drop: ['ALL'],
    priv: false,
  });
  expect({ where, seccomp: sc.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type }).toEqual({
    where,
    seccomp: 'RuntimeDefault',
  });
  expect({
    where,
    requests: Object.keys(c.resources?.requests ?? {}).sort(),
    limits: Object.keys(c.resources?.limits ?? {}).sort(),
  }).toEqual({
    where,
    requests: ['cpu', 'memory'],
    limits: ['cpu', 'memory'],
  });
}

describe.each(['deploy/overlays/local', 'deploy/overlays/aws'])('%s', (dir) => {
  const objects = build(path.join(REPO, dir));
  const of = (kind: string) => objects.filter((o) => o.kind === kind) as any[];
  const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');

  it.each(workloads.map((w) => [w.kind, w.metadata.name, w]))(
    '%s %s carries the Dapr annotations, probes, resources and a locked-down securityContext',
    (_kind, name, w) => {
      const template = podTemplateOf(w as K8sObject)!;
      const pod = template.spec;
      const a = template.metadata.annotations ?? {};
      for (const key of REQUIRED_ANNOTATIONS)
        expect({ key, set: typeof a[key] === 'string' && a[key].length > 0 }).toEqual({ key, set: true });
      expect(a).toMatchObject({
        'dapr.io/enabled': 'true',
        'dapr.io/app-id': name,
        'dapr.io/app-port': String(PORTS[name as string]),
        'dapr.io/app-protocol': 'http',
        'dapr.io/enable-app-health-check': 'true',
        'dapr.io/app-health-check-path': '/healthz',
      });
      expect(Number(a['dapr.io/graceful-shutdown-seconds'])).toBeLessThan(pod.terminationGracePeriodSeconds ?? 30);
      expect(pod.containers).toHaveLength(1);
      const c = pod.containers[0];
      expect(c.ports).toEqual([{ name: 'http', containerPort: PORTS[name as string] }]);
      expect(c.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(c.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(c.startupProbe?.httpGet?.path).toBe('/healthz');
      checkContainerSecurity(`${name}`, c, pod);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
      expect(c.volumeMounts).toEqual(expect.arrayContaining([expect.objectContaining({ mountPath: '/tmp' })]));
      expect(of('ServiceAccount').map((s) => s.metadata.name)).toContain(pod.serviceAccountName);
      expect(c.envFrom?.[0]?.configMapRef?.name).toBe('checkout-saga-config');
    },
  );

  it.each(workloads.map((w) => [w.kind, w.metadata.name, w]))(
    '%s %s reads its own database URL, and the app token its sidecar sends, from Secrets',
    (_kind, name, w) => {
      const env: any[] = podSpecOf(w as K8sObject)!.containers[0].env ?? [];
      const ref = (variable: string) => env.find((e) => e.name === variable)?.valueFrom?.secretKeyRef;
      expect(ref('DATABASE_URL')).toEqual({ name: 'checkout-saga-database', key: `${name}-database-url` });
      const appTokenSecret = podTemplateOf(w as K8sObject)!.metadata.annotations['dapr.io/app-token-secret'];
      expect(ref('APP_API_TOKEN')).toEqual({ name: appTokenSecret, key: 'token' });
    },
  );

  it.each(workloads.map((w) => [w.kind, w.metadata.name, w]))(
    '%s %s sets only environment variables its service reads',
    (_kind, name, w) => {
      const folders = NODE_SERVICES.includes(name as string)
        ? [`services/${name}/src`, 'services/runtime/src']
        : ['services/order-audit/order_audit'];
      const sources = filesUnder(folders, ['.ts', '.py'])
        .map((f) => readFileSync(f, 'utf8'))
        .join('\n');
      const env: any[] = podSpecOf(w as K8sObject)!.containers[0].env ?? [];
      expect(env.length).toBeGreaterThan(0);
      for (const e of env)
        expect({ variable: e.name, read: new RegExp(`\\b${e.name}\\b`).test(sources) }).toEqual({
          variable: e.name,
          read: true,
        });
    },
  );

  it.each(workloads.map((w) => [w.kind, w.metadata.name, w]))(
    '%s %s has a PodDisruptionBudget, an HPA and a Service on its port',
    (kind, name, w) => {
      const labels = podTemplateOf(w as K8sObject)!.metadata.labels;
      const pdbs = of('PodDisruptionBudget').filter((p) => selects(p.spec.selector.matchLabels, labels));
      expect(pdbs).toHaveLength(1);
      const hpa = of('HorizontalPodAutoscaler').find(
        (h) => h.spec.scaleTargetRef.kind === kind && h.spec.scaleTargetRef.name === name,
      );
      expect(hpa?.spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect((w as any).spec.replicas).toBeUndefined();
      const services = of('Service').filter((s) => selects(s.spec.selector ?? {}, labels));
      expect(services.length).toBeGreaterThanOrEqual(1);
      for (const s of services) expect(s.spec.ports[0].targetPort).toBe('http');
    },
  );

  it('runs the notifier as a StatefulSet with a headless Service, subscribing through per-pod queues', () => {
    const sts = of('StatefulSet').find((s) => s.metadata.name === 'notifications');
    expect(sts).toBeDefined();
    const headless = of('Service').find((s) => s.metadata.name === sts.spec.serviceName);
    expect(headless?.spec.clusterIP).toBe('None');
    const env = sts.spec.template.spec.containers[0].env;
    expect(env).toEqual(expect.arrayContaining([{ name: 'PUBSUB_NAME', value: 'pubsub-broadcast' }]));
    const broadcast = of('Component').find((c) => c.metadata.name === 'pubsub-broadcast');
    expect(broadcast.spec.metadata).toEqual(expect.arrayContaining([{ name: 'consumerID', value: '{podName}' }]));
    expect(broadcast.scopes).toEqual(['notifications']);
    // The shared pub/sub must not hand order-events to notifications replicas competitively.
    const pubsub = of('Component').find((c) => c.metadata.name === 'pubsub');
    expect(pubsub.spec.metadata.find((m: any) => m.name === 'consumerID').value).toBe('{appID}');
  });

  it('routes only the public paths, each to the service that serves it', () => {
    const [ingress] = of('Ingress');
    const routes = ingress.spec.rules.flatMap((r: any) =>
      r.http.paths.map(
        (p: any) => `${p.path} ${p.pathType} -> ${p.backend.service.name}:${p.backend.service.port.name}`,
      ),
    );
    expect(routes.sort()).toEqual(
      [
        '/api/v1/orders Prefix -> order:http',
        '/api/v1/products Exact -> catalog:http',
        '/api/v1/webhooks/razorpay Exact -> payments:http',
        '/ws Exact -> notifications:http',
      ].sort(),
    );
    for (const r of routes)
      expect(of('Service').map((s) => s.metadata.name)).toContain(r.split(' -> ')[1].split(':')[0]);
    expect(JSON.stringify(ingress.spec)).not.toMatch(/internal|metrics|healthz|readyz|dapr/);
  });

  it('denies ingress by default and opens only the sidecar port, the public app ports and metrics', () => {
    const policies = of('NetworkPolicy');
    const deny = policies.find((p) => p.metadata.name === 'default-deny-ingress');
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const ports = policies
      .filter((p) => p !== deny)
      .flatMap((p) => (p.spec.ingress ?? []).flatMap((i: any) => i.ports.map((x: any) => x.port)));
    for (const port of ports) expect([50002, 'http', 9090, 6379, 5432]).toContain(port);
    for (const p of policies) for (const i of p.spec.ingress ?? []) expect(i.from?.length).toBeGreaterThan(0);
  });

  it.each(workloads.map((w) => [w.metadata.name, w]))('lets only what it needs reach %s', (name, w) => {
    const allowed = ingressAllowedTo(of('NetworkPolicy'), podTemplateOf(w as K8sObject)!.metadata.labels);
    // Prometheus, on every sidecar's metrics port.
    const expected = [`9090 from ${MONITORING}`];
    if (NODE_SERVICES.includes(name as string)) {
      // Dapr invocation from the saga's own pods; the public paths (ingress-nginx, or the ALB in the VPC); /metrics.
      const publicSource = dir.endsWith('aws')
        ? 'ipBlock 10.0.0.0/16'
        : 'namespace {"matchLabels":{"kubernetes.io/metadata.name":"ingress-nginx"}}';
      expected.push(`50002 from ${SAGA_PODS}`, `http from ${publicSource}`, `http from ${MONITORING}`);
    }
    // order-audit: nothing invokes it, it serves no public path and no /metrics; its sidecar
    // pulls the events from the broker and delivers them over loopback.
    expect(allowed).toEqual(expected.sort());
  });

  if (dir.endsWith('local')) {
    it.each(workloads.map((w) => [w.metadata.name, w]))(
      'lets %s (app and sidecar) reach the in-cluster PostgreSQL and Redis',
      (_name, w) => {
        const labels = podTemplateOf(w as K8sObject)!.metadata.labels;
        const policy = of('NetworkPolicy').find((p) => p.metadata.name === 'allow-local-dependencies');
        for (const [app, port] of [
          ['postgresql', 5432],
          ['redis', 6379],
        ] as const) {
          expect(labelSelectorMatches(policy.spec.podSelector, { 'app.kubernetes.io/name': app })).toBe(true);
          const rules = policy.spec.ingress.filter((i: any) => i.ports.some((x: any) => x.port === port));
          const reaches = rules.some((i: any) =>
            i.from.some(
              (f: any) => f.podSelector && !f.namespaceSelector && labelSelectorMatches(f.podSelector, labels),
            ),
          );
          expect({ app, port, reaches }).toEqual({ app, port, reaches: true });
        }
      },
    );
  }

  it('scrapes /metrics only from the services that serve it', () => {
    const [monitor] = of('ServiceMonitor');
    expect(monitor.spec.endpoints.map((e: any) => `${e.port} ${e.path}`)).toEqual(['http /metrics']);
    const scraped = of('Service')
      .filter((s) => selects(monitor.spec.selector.matchLabels, s.metadata.labels ?? {}))
      .map((s) => s.spec.selector['app.kubernetes.io/name']);
    // order-audit exports no /metrics: a target there would only ever be down.
    expect(scraped.sort()).toEqual([...NODE_SERVICES].sort());
  });

  it('migrates every service from its own image with deploy/scripts/migrate.ts, without a sidecar', () => {
    const [job] = of('Job');
    const pod = job.spec.template.spec;
    expect(job.spec.template.metadata.annotations?.['dapr.io/enabled']).not.toBe('true');
    expect(pod.restartPolicy).toBe('Never');
    const workloadImages = Object.fromEntries(
      workloads.map((w) => [w.metadata.name, podSpecOf(w)!.containers[0].image]),
    );
    const migrated = pod.containers.map((c: any) => {
      // deploy/scripts/migrate.ts, compiled into the service's image (deploy/scripts/build-services.ts).
      const service = c.command[3];
      expect(c.command).toEqual(['node', '--enable-source-maps', `dist/${service}/migrate.js`, service]);
      expect(c.image).toBe(workloadImages[service]);
      expect(c.env).toEqual([
        {
          name: 'DATABASE_URL',
          valueFrom: { secretKeyRef: { name: 'checkout-saga-database', key: `${service}-database-url` } },
        },
      ]);
      checkContainerSecurity(`migrate ${service}`, c, pod);
      return service;
    });
    // The services migrate.ts knows, each once; every other workload creates its own schema.
    expect(migrated.sort()).toEqual([...SERVICE_NAMES].sort());
    expect([...migrated, ...SELF_MIGRATING].sort()).toEqual(workloads.map((w) => w.metadata.name).sort());
    expect(Object.keys(PORTS).sort()).toEqual(workloads.map((w) => w.metadata.name).sort());
  });
});

describe('order-audit creates its own schema at start (so the migration Job has no container for it)', () => {
  const source = (file: string) => readFileSync(path.join(REPO, 'services/order-audit/order_audit', file), 'utf8');

  it('opens its store at start, and opening the store runs an idempotent migration of the order_audit schema', () => {
    const store = source('store.py');
    const migration = /^MIGRATION = """([\s\S]*?)"""/m.exec(store)?.[1] ?? '';
    // Replicas starting together serialise on the lock; every statement may run again.
    expect(migration).toMatch(/pg_advisory_xact_lock/);
    expect(migration).toMatch(/create schema if not exists order_audit;/);
    const creates = migration
      .split(';')
      .map((x) => x.trim())
      .filter((x) => /^create /i.test(x));
    expect(creates.length).toBeGreaterThanOrEqual(2);
    for (const statement of creates) expect(statement).toMatch(/^create (schema|table|index) if not exists /);
    const open = /\n {4}def open\(self\)[^\n]*\n([\s\S]*?)\n {4}def /.exec(store)?.[1] ?? '';
    expect(open).toMatch(/self\.migrate\(\)/);
    expect(source('__main__.py')).toMatch(/\bstore\.open\(\)/);
  });
});
