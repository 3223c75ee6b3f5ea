// Reading the deployment files: every YAML document under components/ and deploy/, and the
// objects a kustomization builds (there is no kustomize binary here, see kustomize.ts).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const REPO = path.resolve(__dirname, '../../..');

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface SourcedObject {
  file: string;
  object: K8sObject;
}

/** Files under the given repository folders whose names end in one of the extensions. */
export function filesUnder(folders: string[], extensions: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (extensions.some((e) => entry.endsWith(e))) out.push(full);
    }
  };
  for (const folder of folders) walk(path.join(REPO, folder));
  return out.sort();
}

export const rel = (file: string) => path.relative(REPO, file);

/** Every document of a YAML file; throws on a syntax error or a warning (duplicate keys...). */
export function parseYamlFile(file: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { uniqueKeys: true, prettyErrors: true });
  const problems = docs.flatMap((d) => [...d.errors, ...d.warnings].map((e) => e.message));
  if (problems.length) throw new Error(`${rel(file)}: ${problems.join('; ')}`);
  // A document that is only comments is null; kustomize skips it too.
  return docs.map((d) => d.toJS({ maxAliasCount: 0 })).filter((d) => d !== null && d !== undefined);
}

export function isK8sObject(value: unknown): value is K8sObject {
  const v = value as Partial<K8sObject> | null;
  return (
    !!v &&
    typeof v === 'object' &&
    typeof v.apiVersion === 'string' &&
    typeof v.kind === 'string' &&
    typeof v.metadata?.name === 'string'
  );
}

/** The Kubernetes objects of a YAML file (kustomization files are not objects to apply). */
export function objectsOf(file: string): SourcedObject[] {
  return parseYamlFile(file)
    .filter((d) => (d as { kind?: string }).kind !== 'Kustomization')
    .map((object) => {
      if (!isK8sObject(object)) throw new Error(`${rel(file)}: a document without apiVersion, kind and metadata.name`);
      return { file: rel(file), object };
    });
}

export const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');

export const idOf = (o: K8sObject) =>
  `${groupOf(o.apiVersion)}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** The pod template of a workload, if it has one. */
export function podSpecOf(o: K8sObject): Record<string, any> | undefined {
  const spec = o.spec as Record<string, any> | undefined;
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'].includes(o.kind)) return spec?.template?.spec;
  if (o.kind === 'CronJob') return spec?.jobTemplate?.spec?.template?.spec;
  if (o.kind === 'Pod') return spec;
  return undefined;
}

export function podTemplateOf(o: K8sObject): Record<string, any> | undefined {
  const spec = o.spec as Record<string, any> | undefined;
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'].includes(o.kind)) return spec?.template;
  if (o.kind === 'CronJob') return spec?.jobTemplate?.spec?.template;
  return undefined;
}
