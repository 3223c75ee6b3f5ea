// Secrets are referenced, never written: no Secret objects in the repository, every secret-looking
// environment variable comes from a secretKeyRef, Dapr components resolve credentials through a
// secret store, and deploy/README.md creates every Secret the manifests reference.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from './support/kustomize';
import { REPO, filesUnder, objectsOf, podSpecOf, podTemplateOf, rel } from './support/manifests';

const SECRETISH = /SECRET|TOKEN|PASSWORD|PASSWD|DATABASE_URL|KEY_ID|PRIVATE|CREDENTIAL|_KEY$/i;
const written = filesUnder(['components', 'deploy'], ['.yaml', '.yml']).flatMap(objectsOf);
const overlays = ['deploy/overlays/local', 'deploy/overlays/aws'].map((d) => ({
  dir: d,
  objects: build(path.join(REPO, d)),
}));

describe('secrets', () => {
  it('the repository holds no Secret object', () => {
    expect(written.filter((x) => x.object.kind === 'Secret').map((x) => x.file)).toEqual([]);
  });

  it('holds no credential-looking text in components/ and deploy/ (shell variables and <placeholders> aside)', () => {
    const patterns = [
      /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
      /\bAKIA[0-9A-Z]{16}\b/,
      /\brzp_live_[A-Za-z0-9]+/,
      /password=(?!\.\.\.|<|\$)[^\s"&]+/i,
      /:\/\/[^/\s:@]+:(?!\$)[^/\s@]+@/,
    ];
    for (const file of filesUnder(['components', 'deploy'], ['.yaml', '.yml', '.json', '.ts', '.md'])) {
      const text = readFileSync(file, 'utf8');
      for (const p of patterns)
        expect({ file: rel(file), pattern: String(p), found: p.exec(text)?.[0] }).toEqual({
          file: rel(file),
          pattern: String(p),
          found: undefined,
        });
    }
  });

  it.each(overlays.map((o) => [o.dir, o.objects]))(
    '%s: secret-looking environment variables come from secretKeyRef, ConfigMaps hold none',
    (_dir, objects) => {
      for (const o of objects) {
        for (const c of podSpecOf(o)?.containers ?? []) {
          for (const e of c.env ?? []) {
            if (!SECRETISH.test(e.name)) continue;
            expect({ container: c.name, env: e.name, ref: !!e.valueFrom?.secretKeyRef, value: e.value }).toEqual({
              container: c.name,
              env: e.name,
              ref: true,
              value: undefined,
            });
          }
        }
        if (o.kind === 'ConfigMap' && o.metadata.name !== 'checkout-saga-dashboard') {
          for (const key of Object.keys((o as any).data ?? {}))
            expect({ configMap: o.metadata.name, key, secretish: SECRETISH.test(key) }).toEqual({
              configMap: o.metadata.name,
              key,
              secretish: false,
            });
        }
      }
    },
  );

  it('every ConfigMap setting is an environment variable the services read', () => {
    // The Node services' src/ and order-audit's package (Python: env.get("NAME", ...)).
    const sources = [
      ...filesUnder(['services'], ['.ts']).filter((f) => f.includes(`${path.sep}src${path.sep}`)),
      ...filesUnder(['services/order-audit/order_audit'], ['.py']),
    ]
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(sources).toMatch(/env\.get\("ORDER_AUDIT_PORT"/);
    const config = written.find(
      (x) => x.object.kind === 'ConfigMap' && x.object.metadata.name === 'checkout-saga-config',
    )!.object as any;
    for (const key of Object.keys(config.data))
      expect({ key, read: sources.includes(key) }).toEqual({ key, read: true });
  });

  it('Dapr components take credentials from a secret store, never a literal', () => {
    for (const { file, object } of written.filter((x) => x.object.kind === 'Component')) {
      for (const m of (object as any).spec.metadata) {
        if (/accessKey|secretKey|sessionToken/.test(m.name))
          expect({ file, field: m.name }).toEqual({ file, field: 'not set: IRSA' });
        if (!/password|connectionString|token/i.test(m.name) || m.secretKeyRef) continue;
        // Only the laptop's components may carry a literal, and only one without a credential
        // (`dapr init`'s Redis has no password; the local PostgreSQL trusts 127.0.0.1).
        expect({ file, field: m.name, local: file.startsWith('components/local/') }).toEqual({
          file,
          field: m.name,
          local: true,
        });
        expect(m.value).not.toMatch(/password\s*=\s*\S|:\/\/[^@]*:[^@]*@/i);
        if (/password/i.test(m.name)) expect(m.value).toBe('');
      }
    }
  });

  it.each(overlays.map((o) => [o.dir, o.objects]))(
    '%s: each app reads APP_API_TOKEN, required, from the very Secret its sidecar sends (dapr.io/app-token-secret)',
    (_dir, objects) => {
      const apps = objects.filter((o) => podTemplateOf(o)?.metadata?.annotations?.['dapr.io/enabled'] === 'true');
      expect(apps.map((o) => o.metadata.name).sort()).toEqual([
        'catalog',
        'notifications',
        'order',
        'order-audit',
        'payments',
      ]);
      for (const o of apps) {
        const sidecarSends = podTemplateOf(o)!.metadata!.annotations!['dapr.io/app-token-secret'];
        const app = (
          podSpecOf(o)!.containers as Array<{
            name: string;
            env?: Array<{
              name: string;
              valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
            }>;
          }>
        ).find((c) => c.name === o.metadata.name)!;
        const ref = app.env?.find((e) => e.name === 'APP_API_TOKEN')?.valueFrom?.secretKeyRef;
        // The services refuse to start in production without it, and refuse internal calls without it.
        expect({ app: o.metadata.name, name: ref?.name, key: ref?.key, optional: ref?.optional ?? false }).toEqual({
          app: o.metadata.name,
          name: sidecarSends,
          key: 'token',
          optional: false,
        });
      }
    },
  );

  it.each(overlays.map((o) => [o.dir, o.objects]))(
    '%s: deploy/README.md creates every Secret the manifests need',
    (_dir, objects) => {
      const readme = readFileSync(path.join(REPO, 'deploy/README.md'), 'utf8');
      const needed = new Set<string>();
      for (const o of objects) {
        for (const c of podSpecOf(o)?.containers ?? []) {
          for (const e of c.env ?? []) {
            const ref = e.valueFrom?.secretKeyRef;
            if (ref && !ref.optional) needed.add(`${ref.name} ${ref.key}`);
          }
        }
        const a = podTemplateOf(o)?.metadata?.annotations ?? {};
        for (const k of ['dapr.io/api-token-secret', 'dapr.io/app-token-secret']) if (a[k]) needed.add(`${a[k]} token`);
        if (o.kind === 'Component' && !(o as any).auth?.secretStore) {
          for (const m of (o as any).spec.metadata)
            if (m.secretKeyRef) needed.add(`${m.secretKeyRef.name} ${m.secretKeyRef.key}`);
        }
      }
      expect(needed.size).toBeGreaterThan(5);
      for (const n of needed) {
        const [name, key] = n.split(' ') as [string, string];
        const creates = new RegExp(
          `kubectl create secret generic ${name}\\b[^\\n]*(\\\\\\n[^\\n]*)*--from-literal=${key}=`,
        ).test(readme);
        expect({ secret: name, key, createdInReadme: creates }).toEqual({ secret: name, key, createdInReadme: true });
      }
    },
  );
});
