// A small, strict kustomize: it builds a kustomization the way `kubectl apply -k` would, for the
// features this repository uses, and refuses anything else (an unknown field, a file outside the
// kustomization's root, a missing resource, a patch that matches nothing, a duplicate object), so
// a test built on it fails where kustomize would. npm has no kustomize implementation to use.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { type K8sObject, groupOf, idOf, isK8sObject, parseYamlFile, podSpecOf, rel } from './manifests';

const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'namespace',
  'resources',
  'images',
  'patches',
  'configMapGenerator',
  'generatorOptions',
]);
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PriorityClass',
  'StorageClass',
  'IngressClass',
]);

export interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  images?: Array<{ name: string; newName?: string; newTag?: string; digest?: string }>;
  patches?: Array<{ path?: string; patch?: string; target?: PatchTarget }>;
  configMapGenerator?: Array<{ name: string; files?: string[]; literals?: string[] }>;
  generatorOptions?: { disableNameSuffixHash?: boolean; labels?: Record<string, string> };
}

interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

export function kustomizationFile(dir: string): string | undefined {
  return ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
    .map((f) => path.join(dir, f))
    .find((f) => existsSync(f));
}

export function readKustomization(dir: string): Kustomization {
  const file = kustomizationFile(dir);
  if (!file) throw new Error(`${rel(dir)}: no kustomization.yaml`);
  const k = parse(readFileSync(file, 'utf8')) as Kustomization;
  const unknown = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unknown.length) throw new Error(`${rel(file)}: fields this check does not implement: ${unknown.join(', ')}`);
  if (k.apiVersion !== 'kustomize.config.k8s.io/v1beta1' || k.kind !== 'Kustomization')
    throw new Error(`${rel(file)}: apiVersion/kind must be kustomize.config.k8s.io/v1beta1 Kustomization`);
  return k;
}

/** A file a kustomization loads must lie inside its own folder (kustomize's load restrictor). */
function insideRoot(root: string, file: string, what: string): string {
  const full = path.resolve(root, file);
  if (path.relative(root, full).startsWith('..'))
    throw new Error(`${rel(root)}: ${what} ${file} is outside the kustomization root (kustomize refuses it)`);
  if (!existsSync(full)) throw new Error(`${rel(root)}: ${what} ${file} does not exist`);
  return full;
}

export function build(dir: string): K8sObject[] {
  const root = path.resolve(dir);
  const k = readKustomization(root);
  let objects: K8sObject[] = [];

  for (const entry of k.resources ?? []) {
    const full = path.resolve(root, entry);
    if (!existsSync(full)) throw new Error(`${rel(root)}: resource ${entry} does not exist`);
    if (statSync(full).isDirectory()) {
      // Another kustomization (a base, or components/): allowed outside the root, built on its own.
      if (!kustomizationFile(full))
        throw new Error(`${rel(root)}: resource directory ${entry} has no kustomization.yaml`);
      objects.push(...build(full));
    } else {
      insideRoot(root, entry, 'resource');
      for (const doc of parseYamlFile(full)) {
        if (!isK8sObject(doc)) throw new Error(`${rel(full)}: a document without apiVersion, kind and metadata.name`);
        objects.push(structuredClone(doc));
      }
    }
  }

  for (const gen of k.configMapGenerator ?? []) {
    if (!k.generatorOptions?.disableNameSuffixHash)
      throw new Error(
        `${rel(root)}: generated names get a hash suffix; this check only builds disableNameSuffixHash: true`,
      );
    const data: Record<string, string> = {};
    for (const f of gen.files ?? []) {
      const [key, file] = f.includes('=') ? (f.split('=', 2) as [string, string]) : [path.basename(f), f];
      data[key] = readFileSync(insideRoot(root, file, 'configMapGenerator file'), 'utf8');
    }
    for (const l of gen.literals ?? []) {
      const [key, value] = l.split('=', 2) as [string, string];
      data[key] = value;
    }
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: gen.name, labels: { ...k.generatorOptions.labels } },
      data,
    });
  }

  for (const p of k.patches ?? []) objects = applyPatch(root, objects, p);

  for (const image of k.images ?? []) {
    let used = false;
    for (const o of objects) {
      const pod = podSpecOf(o);
      for (const c of [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])]) {
        if (imageName(c.image) !== image.name) continue;
        used = true;
        const name = image.newName ?? image.name;
        c.image = image.digest ? `${name}@${image.digest}` : `${name}:${image.newTag ?? imageTag(c.image) ?? 'latest'}`;
      }
    }
    if (!used) throw new Error(`${rel(root)}: image ${image.name} is used by no container`);
  }

  if (k.namespace) {
    for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
  }

  const seen = new Set<string>();
  for (const o of objects) {
    const id = idOf(o);
    if (seen.has(id)) throw new Error(`${rel(root)}: two objects ${id}`);
    seen.add(id);
  }
  return objects;
}

const imageName = (image: string) => image.replace(/@.*$/, '').replace(/:[^:/]+$/, '');
const imageTag = (image: string) => /:([^:/@]+)$/.exec(image.replace(/@.*$/, ''))?.[1];

function matches(o: K8sObject, t: PatchTarget): boolean {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  return (
    (t.kind === undefined || t.kind === o.kind) &&
    (t.name === undefined || t.name === o.metadata.name) &&
    (t.group === undefined || t.group === group) &&
    (t.version === undefined || t.version === version) &&
    (t.namespace === undefined || t.namespace === o.metadata.namespace)
  );
}

function applyPatch(
  root: string,
  objects: K8sObject[],
  p: { path?: string; patch?: string; target?: PatchTarget },
): K8sObject[] {
  const text = p.patch ?? (p.path ? readFileSync(insideRoot(root, p.path, 'patch'), 'utf8') : undefined);
  if (!text) throw new Error(`${rel(root)}: a patch needs path or patch`);
  const content = parse(text) as unknown;
  if (Array.isArray(content)) {
    if (!p.target) throw new Error(`${rel(root)}: a JSON 6902 patch needs a target`);
    const targets = objects.filter((o) => matches(o, p.target!));
    if (!targets.length) throw new Error(`${rel(root)}: patch target ${JSON.stringify(p.target)} matches nothing`);
    return objects.map((o) => (targets.includes(o) ? (applyJsonPatch(o, content as JsonOp[], root) as K8sObject) : o));
  }
  if (!isK8sObject(content))
    throw new Error(`${rel(root)}: a strategic-merge patch needs apiVersion, kind and metadata.name`);
  const target = p.target ?? { kind: content.kind, name: content.metadata.name, group: groupOf(content.apiVersion) };
  const targets = objects.filter((o) => matches(o, target));
  if (!targets.length)
    throw new Error(`${rel(root)}: patch for ${content.kind} ${content.metadata.name} matches nothing`);
  const builtIn = (o: K8sObject) => !groupOf(o.apiVersion).includes('.') || groupOf(o.apiVersion).endsWith('k8s.io');
  return objects.map((o) =>
    targets.includes(o)
      ? (strategicMerge(
          o,
          { ...content, metadata: { ...content.metadata, name: o.metadata.name } },
          builtIn(o),
        ) as K8sObject)
      : o,
  );
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Strategic merge as kustomize applies it: maps merge, null deletes; lists of named items (containers,
 * env, ports, volumes...) merge by name in built-in kinds; other lists, and every list of a custom
 * resource (no schema known), are replaced.
 */
export function strategicMerge(base: unknown, patch: unknown, builtIn: boolean): unknown {
  if (isPlainObject(base) && isPlainObject(patch)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete out[key];
      else out[key] = key in base ? strategicMerge(base[key], value, builtIn) : structuredClone(value);
    }
    return out;
  }
  if (
    builtIn &&
    Array.isArray(base) &&
    Array.isArray(patch) &&
    [...base, ...patch].every((i) => isPlainObject(i) && typeof i.name === 'string')
  ) {
    const out = base.map((i) => structuredClone(i)) as Array<Record<string, unknown>>;
    for (const item of patch as Array<Record<string, unknown>>) {
      const at = out.findIndex((i) => i.name === item.name);
      if (at >= 0) out[at] = strategicMerge(out[at], item, builtIn) as Record<string, unknown>;
      else out.push(structuredClone(item));
    }
    return out;
  }
  return structuredClone(patch);
}

interface JsonOp {
  op: 'add' | 'remove' | 'replace' | 'test';
  path: string;
  value?: unknown;
}

/** RFC 6902 add/remove/replace/test; a failing `test` fails the build, as in kustomize. */
export function applyJsonPatch(doc: unknown, ops: JsonOp[], where = ''): unknown {
  const out = structuredClone(doc) as Record<string, unknown>;
  for (const op of ops) {
    if (!['add', 'remove', 'replace', 'test'].includes(op.op))
      throw new Error(`${rel(where)}: JSON patch op ${op.op} is not supported here`);
    const keys = op.path
      .split('/')
      .slice(1)
      .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop();
    if (last === undefined) throw new Error(`${rel(where)}: JSON patch path ${op.path}`);
    let parent: any = out;
    for (const k of keys) {
      parent = Array.isArray(parent) ? parent[Number(k)] : parent?.[k];
      if (parent === undefined) throw new Error(`${rel(where)}: JSON patch path ${op.path} does not exist`);
    }
    const has = Array.isArray(parent)
      ? last === '-' || Number(last) < parent.length
      : Object.prototype.hasOwnProperty.call(parent, last);
    if (op.op !== 'add' && !has) throw new Error(`${rel(where)}: JSON patch ${op.op} ${op.path}: no such value`);
    if (op.op === 'test') {
      const current = Array.isArray(parent) ? parent[Number(last)] : parent[last];
      if (JSON.stringify(current) !== JSON.stringify(op.value))
        throw new Error(
          `${rel(where)}: JSON patch test ${op.path} expected ${JSON.stringify(op.value)}, found ${JSON.stringify(current)}`,
        );
    } else if (op.op === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (Array.isArray(parent)) {
      if (op.op === 'add') parent.splice(last === '-' ? parent.length : Number(last), 0, structuredClone(op.value));
      else parent[Number(last)] = structuredClone(op.value);
    } else {
      parent[last] = structuredClone(op.value);
    }
  }
  return out;
}
