// What every workload must carry, checked on what each overlay builds: the Dapr annotations,
// probes, resources, a non-root locked-down securityContext, a PodDisruptionBudget, an HPA and a
// ServiceAccount; the notifier's StatefulSet fan-out; the public paths; the migration Job.
import path from 'node:path';
import { build } from './support/kustomize';
import { type K8sObject, REPO, podSpecOf, podTemplateOf } from './support/manifests';

const PORTS: Record<string, number> = { order: 3001, catalog: 3002, payments: 3003, notifications: 3004 };
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

const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

function checkContainerSecurity(where: string, c: any, pod: any) {
  const sc = c.securityContext ?? {};
  expect({ where, runAsNonRoot: sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot }).toEqual({ where, runAsNonRoot: true });
  expect({ where, uid: (sc.runAsUser ?? pod.securityContext?.runAsUser ?? 0) > 0 }).toEqual({ where, uid: true });
  expect({ where, ro: sc.readOnlyRootFilesystem, esc: sc.allowPrivilegeEscalation, drop: sc.capabilities?.drop, priv: sc.privileged ?? false }).toEqual({
    where,
    ro: true,
    esc: false,
    drop: ['ALL'],
    priv: false,
  });
  expect({ where, seccomp: sc.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type }).toEqual({ where, seccomp: 'RuntimeDefault' });
  expect({ where, requests: Object.keys(c.resources?.requests ?? {}).sort(), limits: Object.keys(c.resources?.limits ?? {}).sort() }).toEqual({
    where,
    requests: ['cpu', 'memory'],
    limits: ['cpu', 'memory'],
  });
}

describe.each(['deploy/overlays/local', 'deploy/overlays/aws'])('%s', (dir) => {
  const objects = build(path.join(REPO, dir));
  const of = (kind: string) => objects.filter((o) => o.kind === kind) as any[];
  const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');

  it.each(workloads.map((w) => [w.kind, w.metadata.name, w]))('%s %s carries the Dapr annotations, probes, resources and a locked-down securityContext', (_kind, name, w) => {
    const template = podTemplateOf(w as K8sObject)!;
    const pod = template.spec;
    const a = template.metadata.annotations ?? {};
    for (const key of REQUIRED_ANNOTATIONS) expect({ key, set: typeof a[key] === 'string' && a[key].length > 0 }).toEqual({ key, set: true });
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
  });

  it.each(workloads.map((w) => [w.kind, w.metadata.name, w]))('%s %s has a PodDisruptionBudget, an HPA and a Service on its port', (kind, name, w) => {
    const labels = podTemplateOf(w as K8sObject)!.metadata.labels;
    const pdbs = of('PodDisruptionBudget').filter((p) => selects(p.spec.selector.matchLabels, labels));
    expect(pdbs).toHaveLength(1);
    const hpa = of('HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.kind === kind && h.spec.scaleTargetRef.name === name);
    expect(hpa?.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect((w as any).spec.replicas).toBeUndefined();
    const services = of('Service').filter((s) => selects(s.spec.selector ?? {}, labels));
    expect(services.length).toBeGreaterThanOrEqual(1);
    for (const s of services) expect(s.spec.ports[0].targetPort).toBe('http');
  });

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
    const routes = ingress.spec.rules.flatMap((r: any) => r.http.paths.map((p: any) => `${p.path} ${p.pathType} -> ${p.backend.service.name}:${p.backend.service.port.name}`));
    expect(routes.sort()).toEqual(
      ['/api/v1/orders Prefix -> order:http', '/api/v1/products Exact -> catalog:http', '/api/v1/webhooks/razorpay Exact -> payments:http', '/ws Exact -> notifications:http'].sort(),
    );
    for (const r of routes) expect(of('Service').map((s) => s.metadata.name)).toContain(r.split(' -> ')[1].split(':')[0]);
    expect(JSON.stringify(ingress.spec)).not.toMatch(/internal|metrics|healthz|readyz|dapr/);
  });

  it('denies ingress by default and opens only the sidecar port, the public app ports and metrics', () => {
    const policies = of('NetworkPolicy');
    const deny = policies.find((p) => p.metadata.name === 'default-deny-ingress');
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const ports = policies.filter((p) => p !== deny).flatMap((p) => (p.spec.ingress ?? []).flatMap((i: any) => i.ports.map((x: any) => x.port)));
    for (const port of ports) expect([50002, 'http', 9090, 6379, 5432]).toContain(port);
    for (const p of policies) for (const i of p.spec.ingress ?? []) expect(i.from?.length).toBeGreaterThan(0);
  });

  it('migrates every service from its own image with deploy/scripts/migrate.ts, without a sidecar', () => {
    const [job] = of('Job');
    const pod = job.spec.template.spec;
    expect(job.spec.template.metadata.annotations?.['dapr.io/enabled']).not.toBe('true');
    expect(pod.restartPolicy).toBe('Never');
    const workloadImages = Object.fromEntries(workloads.map((w) => [w.metadata.name, podSpecOf(w)!.containers[0].image]));
    const migrated = pod.containers.map((c: any) => {
      expect(c.command.slice(0, 4)).toEqual(['node', '--import', 'tsx', 'deploy/scripts/migrate.ts']);
      const service = c.command[4];
      expect(c.image).toBe(workloadImages[service]);
      expect(c.env).toEqual([{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'checkout-saga-database', key: `${service}-database-url` } } }]);
      checkContainerSecurity(`migrate ${service}`, c, pod);
      return service;
    });
    expect(migrated.sort()).toEqual(Object.keys(PORTS).sort());
  });
});
