// The kustomizations build (support/kustomize.ts fails on a missing resource, a file outside a
// root, a patch that matches nothing, two objects with one name), overlays build on the base, no
// manifest is left out, and what an overlay builds hangs together: the Dapr Configuration,
// components and secret stores the pods name exist and are scoped to them (and a sidecar loads no
// state store its app does not use); every image is built and, locally, loaded by deploy/README.md.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, readKustomization } from './support/kustomize';
import { type K8sObject, REPO, podSpecOf, podTemplateOf } from './support/manifests';

const KUSTOMIZATIONS = [
  'deploy/base',
  'deploy/grafana',
  'deploy/overlays/local',
  'deploy/overlays/aws',
  'components/local',
  'components/aws',
];
const OVERLAYS = { local: 'deploy/overlays/local', aws: 'deploy/overlays/aws' } as const;
const APPS = ['order', 'catalog', 'payments', 'notifications', 'order-audit'];
/** The apps whose runtime uses the Dapr state store (the Node services); order-audit only subscribes. */
const STATE_STORE_APPS = ['order', 'catalog', 'payments', 'notifications'];
const at = (p: string) => path.join(REPO, p);

describe('kustomizations', () => {
  it.each(KUSTOMIZATIONS)('%s builds', (dir) => {
    expect(build(at(dir)).length).toBeGreaterThan(0);
  });

  it('lists every manifest beside it (none forgotten)', () => {
    for (const dir of KUSTOMIZATIONS) {
      const k = readKustomization(at(dir));
      const listed = new Set([...(k.resources ?? []), ...(k.patches ?? []).map((p) => p.path).filter(Boolean)]);
      const files = readdirSync(at(dir)).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml');
      for (const f of files) expect({ dir, file: f, listed: listed.has(f) }).toEqual({ dir, file: f, listed: true });
    }
  });

  it('overlays build on the base and on the Dapr components of their environment', () => {
    expect(readKustomization(at(OVERLAYS.local)).resources).toEqual(
      expect.arrayContaining(['../../base', '../../../components/local']),
    );
    expect(readKustomization(at(OVERLAYS.aws)).resources).toEqual(
      expect.arrayContaining(['../../base', '../../../components/aws']),
    );
    expect(readKustomization(at('deploy/base')).resources).toContain('../grafana');
  });

  it('fails on a missing resource, a patch that matches nothing, and a failing JSON-patch test', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kust-'));
    const write = (k: string) =>
      writeFileSync(
        path.join(dir, 'kustomization.yaml'),
        `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${k}`,
      );
    writeFileSync(
      path.join(dir, 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\ndata: { x: "1" }\n',
    );
    write('resources: [missing.yaml]\n');
    expect(() => build(dir)).toThrow(/does not exist/);
    write(
      'resources: [cm.yaml]\npatches:\n  - patch: |-\n      apiVersion: v1\n      kind: ConfigMap\n      metadata: { name: b }\n',
    );
    expect(() => build(dir)).toThrow(/matches nothing/);
    write(
      'resources: [cm.yaml]\npatches:\n  - target: { kind: ConfigMap, name: a }\n    patch: |-\n      - op: test\n        path: /data/x\n        value: "2"\n',
    );
    expect(() => build(dir)).toThrow(/test/);
    write('resources: [cm.yaml]\nnameSuffix: -x\n');
    expect(() => build(dir)).toThrow(/does not implement/);
  });
});

describe.each(Object.entries(OVERLAYS))('the %s overlay', (env, dir) => {
  const objects = build(at(dir));
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
  const components = objects.filter((o) => o.kind === 'Component');
  const appIdOf = (w: K8sObject) => podTemplateOf(w)?.metadata?.annotations?.['dapr.io/app-id'] as string;
  const envOf = (w: K8sObject, name: string): string | undefined => {
    const c = podSpecOf(w)!.containers[0];
    const explicit = c.env?.find((e: any) => e.name === name);
    if (explicit) return explicit.value;
    const cm = find('ConfigMap', c.envFrom?.[0]?.configMapRef?.name) as any;
    return cm?.data?.[name];
  };

  it('puts everything in one namespace', () => {
    expect(new Set(objects.filter((o) => o.kind !== 'Namespace').map((o) => o.metadata.namespace))).toEqual(
      new Set(['checkout-saga']),
    );
    expect(find('Namespace', 'checkout-saga')).toBeDefined();
  });

  it('runs the five services', () => {
    expect(workloads.map(appIdOf).sort()).toEqual([...APPS].sort());
  });

  it('has the Dapr Configuration, pub/sub and state store each pod uses, scoped to it', () => {
    for (const w of workloads) {
      const app = appIdOf(w);
      const config = podTemplateOf(w)!.metadata.annotations['dapr.io/config'];
      expect({ app, config: !!find('Configuration', config) }).toEqual({ app, config: true });
      const stateStore = envOf(w, 'STATE_STORE_NAME');
      for (const name of STATE_STORE_APPS.includes(app)
        ? [envOf(w, 'PUBSUB_NAME'), stateStore]
        : [envOf(w, 'PUBSUB_NAME')]) {
        const c = components.find((x) => x.metadata.name === name) as any;
        expect({ app, component: name, exists: !!c, scoped: !!c && (!c.scopes || c.scopes.includes(app)) }).toEqual({
          app,
          component: name,
          exists: true,
          scoped: true,
        });
      }
      // An app that keeps no Dapr state gets no state store (nor its database credentials) in its sidecar.
      if (!STATE_STORE_APPS.includes(app)) {
        const c = components.find((x) => x.metadata.name === stateStore) as any;
        expect({ app, component: stateStore, loaded: !!c && (!c.scopes || c.scopes.includes(app)) }).toEqual({
          app,
          component: stateStore,
          loaded: false,
        });
      }
    }
  });

  it('gives every component that resolves secrets through a store that store, loaded by the same apps', () => {
    for (const c of components as any[]) {
      if (!c.auth?.secretStore) continue;
      const store = components.find((x) => x.metadata.name === c.auth.secretStore) as any;
      expect({ component: c.metadata.name, store: !!store }).toEqual({ component: c.metadata.name, store: true });
      for (const app of c.scopes ?? APPS) expect(store.scopes ?? APPS).toContain(app);
    }
  });

  it('has resiliency targets that name existing policies, apps and components', () => {
    const r = objects.find((o) => o.kind === 'Resiliency') as any;
    const { policies, targets } = r.spec;
    const check = (t: any) => {
      if (t.timeout) expect(policies.timeouts).toHaveProperty([t.timeout]);
      if (t.retry) expect(policies.retries).toHaveProperty([t.retry]);
      if (t.circuitBreaker) expect(policies.circuitBreakers).toHaveProperty([t.circuitBreaker]);
    };
    for (const [app, t] of Object.entries<any>(targets.apps ?? {})) {
      expect(APPS).toContain(app);
      check(t);
    }
    for (const [name, t] of Object.entries<any>(targets.components ?? {})) {
      expect(components.map((c) => c.metadata.name)).toContain(name);
      check(t.inbound ?? {});
      check(t.outbound ?? {});
    }
  });

  if (env === 'aws') {
    it('pulls every image from the registry, and annotates every service account for IRSA', () => {
      const images = objects.flatMap((o) =>
        [...(podSpecOf(o)?.containers ?? []), ...(podSpecOf(o)?.initContainers ?? [])].map(
          (c: any) => c.image as string,
        ),
      );
      expect(images.length).toBeGreaterThan(APPS.length);
      for (const image of images)
        expect(image).toMatch(
          /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/checkout-saga\/(order|catalog|payments|notifications|order-audit):/,
        );
      for (const app of APPS) {
        expect(images.some((i) => i.includes(`/checkout-saga/${app}:`))).toBe(true);
        expect(find('ServiceAccount', app)!.metadata.annotations?.['eks.amazonaws.com/role-arn']).toMatch(
          new RegExp(`^arn:aws:iam::\\d{12}:role/checkout-saga-${app}$`),
        );
      }
    });
  }

  it('runs only images deploy/README.md builds (and, on the local cluster, loads into it), one per app', () => {
    const readme = readFileSync(at('deploy/README.md'), 'utf8');
    const loop = (body: RegExp) =>
      new RegExp(`for s in ([a-z -]+); do\\s*${body.source}`).exec(readme)?.[1]?.trim().split(/\s+/) ?? [];
    const built = loop(/docker build -f services\/\$s\/Dockerfile -t checkout-saga\/\$s:0\.1\.0 \./);
    const loaded = loop(/kind load docker-image checkout-saga\/\$s:0\.1\.0/);
    expect(built.sort()).toEqual([...APPS].sort());
    expect(loaded.sort()).toEqual([...APPS].sort());
    const images = objects.flatMap((o) => (podSpecOf(o)?.containers ?? []).map((c: any) => c.image as string));
    const appOf = (image: string) => /\/?checkout-saga\/([a-z-]+):/.exec(image)?.[1];
    for (const image of images)
      expect({ image, built: built.includes(appOf(image) ?? '') }).toEqual({ image, built: true });
    for (const w of workloads) expect(appOf(podSpecOf(w)!.containers[0].image)).toBe(appIdOf(w));
    // The local overlay keeps the base's names: the images `kind load` put on the nodes.
    if (env === 'local') for (const image of images) expect(image).toMatch(/^checkout-saga\/[a-z-]+:0\.1\.0$/);
  });
});
