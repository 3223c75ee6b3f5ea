// deploy/web: the web pages on Kubernetes, checked on what its kustomization builds and on the
// image it runs: a locked-down nginx Deployment with probes, resources, a PDB and an HPA; only the
// ingress controller lets in; an Ingress on the saga's host that adds / and the pages' two order
// routes without taking any path of the saga's own Ingress; Razorpay's own Checkout configured;
// and an image built from the lockfile, serving the app's routes, as a numeric non-root user.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { build } from './support/kustomize';
import { REPO, parseYamlFile, podSpecOf, podTemplateOf } from './support/manifests';

const objects = build(path.join(REPO, 'deploy/web'));
const of = (kind: string) => objects.filter((o) => o.kind === kind) as any[];
const one = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as any;
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);
const routesOf = (ingress: any): string[] =>
  ingress.spec.rules.flatMap((r: any) =>
    r.http.paths.map(
      (p: any) => `${r.host} ${p.path} ${p.pathType} -> ${p.backend.service.name}:${p.backend.service.port.name}`,
    ),
  );

describe('deploy/web', () => {
  const web = one('Deployment', 'web');
  const pod = podSpecOf(web)!;
  const container = pod.containers[0];

  it("runs nginx without a sidecar, locked down, with probes and resources, in the saga's namespace", () => {
    expect(objects.every((o) => o.metadata.namespace === 'checkout-saga')).toBe(true);
    expect(podTemplateOf(web)!.metadata.annotations?.['dapr.io/enabled']).toBeUndefined();
    expect(pod.containers).toHaveLength(1);
    expect(container.image).toBe('checkout-saga/web:0.1.0');
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080 }]);
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe'])
      expect(container[probe].httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 101,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(Object.keys(container.resources.requests).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(container.resources.limits).sort()).toEqual(['cpu', 'memory']);
    expect(container.volumeMounts).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'tmp', mountPath: '/tmp' })]),
    );
    expect(one('ServiceAccount', pod.serviceAccountName).automountServiceAccountToken).toBe(false);
    expect(container.env).toBeUndefined(); // no secret, no setting: the pages' settings are config.json
  });

  it('has a PodDisruptionBudget, an HPA of at least two replicas and a Service on its port', () => {
    const labels = podTemplateOf(web)!.metadata.labels;
    expect(of('PodDisruptionBudget').filter((p) => selects(p.spec.selector.matchLabels, labels))).toHaveLength(1);
    const hpa = of('HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.name === 'web');
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(web.spec.replicas).toBeUndefined();
    const [service] = of('Service').filter((s) => selects(s.spec.selector, labels));
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http' }]);
  });

  it("serves Razorpay's own Checkout and no development sign-in, mounted where the pages read it", () => {
    const config = JSON.parse(one('ConfigMap', 'web-config').data['config.json']);
    expect(config).toEqual({
      razorpayCheckoutUrl: 'https://checkout.razorpay.com/v1/checkout.js',
      devSignIn: false,
      shopName: 'Bazaar',
    });
    expect(container.volumeMounts).toEqual(
      expect.arrayContaining([
        { name: 'config', mountPath: '/usr/share/nginx/html/config.json', subPath: 'config.json', readOnly: true },
      ]),
    );
  });

  it('lets in only the ingress controller, on the app port', () => {
    const policies = of('NetworkPolicy');
    expect(policies).toHaveLength(1);
    expect(selects(policies[0].spec.podSelector.matchLabels, podTemplateOf(web)!.metadata.labels)).toBe(true);
    expect(policies[0].spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        ports: [{ protocol: 'TCP', port: 'http' }],
      },
    ]);
  });

  it("adds / and the pages' order routes on the saga's host and TLS, taking none of the saga Ingress's paths", () => {
    const [ingress] = of('Ingress');
    const saga = parseYamlFile(path.join(REPO, 'deploy/base/ingress.yaml'))[0] as any;
    expect(ingress.spec.tls).toEqual(saga.spec.tls);
    expect(ingress.spec.ingressClassName).toBe(saga.spec.ingressClassName);
    const host = saga.spec.rules[0].host;
    expect(routesOf(ingress).sort()).toEqual(
      [
        `${host} / Prefix -> web:http`,
        `${host} /api/v1/cart Exact -> order:http`,
        `${host} /api/v1/vendor/orders Exact -> order:http`,
      ].sort(),
    );
    const taken = new Set(routesOf(saga).map((r) => r.split(' ').slice(0, 2).join(' ')));
    for (const r of routesOf(ingress))
      expect({ r, taken: taken.has(r.split(' ').slice(0, 2).join(' ')) }).toEqual({ r, taken: false });
    expect(JSON.stringify(ingress.spec)).not.toMatch(/internal|metrics|healthz|readyz|dapr/);
  });
});

describe('apps/web/Dockerfile', () => {
  const file = path.join(REPO, 'apps/web/Dockerfile');
  const instructions = DockerfileParser.parse(readFileSync(file, 'utf8')).getInstructions();
  const text = (i: (typeof instructions)[number]) => i.getArgumentsContent() ?? '';
  const froms = instructions
    .filter((i) => i.getKeyword() === 'FROM')
    .map((i) => i.getArguments().map((a) => a.getValue()));
  const finalStage = instructions.slice(instructions.map((i) => i.getKeyword()).lastIndexOf('FROM'));

  it('builds on node:24-bookworm-slim from the lockfile, and serves from unprivileged nginx as a numeric user', () => {
    expect(froms[0]![0]).toMatch(/^node:24(\.\d+)*-bookworm-slim/);
    expect(froms.at(-1)![0]).toMatch(/^nginxinc\/nginx-unprivileged:/);
    const ci = instructions.findIndex((i) => i.getKeyword() === 'RUN' && /\bnpm ci\b/.test(text(i)));
    const lock = instructions.findIndex((i) => i.getKeyword() === 'COPY' && /package-lock\.json/.test(text(i)));
    expect(lock).toBeGreaterThanOrEqual(0);
    expect(lock).toBeLessThan(ci);
    expect(instructions.some((i) => i.getKeyword() === 'RUN' && /\bnpm (install|i)\b/.test(text(i)))).toBe(false);
    expect(
      finalStage
        .filter((i) => i.getKeyword() === 'USER')
        .map(text)
        .at(-1),
    ).toMatch(/^[1-9][0-9]*(:[1-9][0-9]*)?$/);
    expect(finalStage.some((i) => i.getKeyword() === 'RUN')).toBe(false); // nothing runs as root in the final stage
  });

  it('copies only files that exist and that its own .dockerignore lets through', () => {
    const allowed = readFileSync(`${file}.dockerignore`, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('!'))
      .map((l) => l.slice(1));
    const fromStage = (i: (typeof instructions)[number]) =>
      (i as unknown as { getFlags(): Array<{ getName(): string }> }).getFlags().some((f) => f.getName() === 'from');
    const copies = instructions.filter((i) => i.getKeyword() === 'COPY' && !fromStage(i));
    expect(copies.length).toBeGreaterThan(3);
    for (const i of copies) {
      const sources = i
        .getArguments()
        .map((a) => a.getValue())
        .slice(0, -1);
      for (const src of sources) {
        expect({ src, exists: existsSync(path.join(REPO, src)) }).toEqual({ src, exists: true });
        expect({ src, allowed: allowed.some((a) => src === a || src.startsWith(`${a}/`)) }).toEqual({
          src,
          allowed: true,
        });
      }
    }
  });

  it("configures nginx to answer the app's routes with the app, on the port and probe path the Deployment uses", () => {
    const conf = readFileSync(path.join(REPO, 'apps/web/nginx.conf'), 'utf8');
    expect(conf).toMatch(/listen 8080;/);
    expect(conf).toMatch(/location = \/healthz/);
    const appRoutes = new RegExp(/location ~ (\S+) \{/.exec(conf)![1]!);
    for (const route of ['/', '/vendor', '/orders/6a1f', '/orders/6a1f/'])
      expect({ route, app: appRoutes.test(route) }).toEqual({ route, app: true });
    for (const route of ['/assets/x.js', '/config.json', '/orders/a/b', '/elsewhere'])
      expect({ route, app: appRoutes.test(route) }).toEqual({ route, app: false });
    expect(conf).toMatch(/include \/etc\/nginx\/snippets\/security-headers\.conf;/);
  });
});
