// Offline validation of Kubernetes objects against the Kubernetes OpenAPI schemas, twice:
// - kubernetes-models' JSON-Schema validators: types, formats, required fields, enums;
// - the same models' TypeScript declarations, through the TypeScript compiler: an object literal
//   with a field the schema does not know (a typo such as `readinesProbe`) is an excess-property
//   error, which the JSON-Schema validators (open objects) would let through.
import path from 'node:path';
import ts from 'typescript';
import type { K8sObject } from './manifests';

interface ModelRef {
  module: string;
  kind: string;
}

/** The kubernetes-models module that describes an object, or undefined for kinds it does not know. */
export function modelFor(o: Pick<K8sObject, 'apiVersion' | 'kind'>): ModelRef | undefined {
  if (o.apiVersion === 'monitoring.coreos.com/v1')
    return { module: `@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/${o.kind}`, kind: o.kind };
  if (o.apiVersion.startsWith('dapr.io/')) return undefined;
  const module = `kubernetes-models/${o.apiVersion}/${o.kind}`;
  try {
    require.resolve(module);
    return { module, kind: o.kind };
  } catch {
    return undefined;
  }
}

/** JSON-Schema validation; returns the problems (empty when valid). */
export function validateWithModel(o: K8sObject): string[] {
  const ref = modelFor(o);
  if (!ref) return [`no Kubernetes schema for ${o.apiVersion} ${o.kind}`];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Model = require(ref.module)[ref.kind] as new (data: unknown) => { validate(): void };
  try {
    new Model(o).validate();
    return [];
  } catch (err) {
    return [(err as Error).message];
  }
}

/**
 * Type-checks every object as a literal of its model's interface (I<Kind>) in one in-memory
 * program; returns problems per object index.
 */
export function typeCheckObjects(objects: K8sObject[]): Map<number, string[]> {
  const root = path.resolve(__dirname, '../../..');
  const fileName = path.join(root, 'tests/deploy/__k8s_objects__.ts');
  const lines: string[] = [];
  objects.forEach((o, index) => {
    const ref = modelFor(o);
    if (!ref) return;
    lines.push(`const o${index}: import(${JSON.stringify(ref.module)}).I${ref.kind} = ${JSON.stringify(o, null, 1)};`);
    lines.push(`void o${index};`);
  });
  const source = lines.join('\n') + '\nexport {};\n';
  // Line numbers: a literal spans many lines once formatted; recount from the source itself.
  const starts: Array<{ line: number; index: number }> = [];
  let line = 0;
  for (const text of source.split('\n')) {
    line++;
    const m = /^const o(\d+):/.exec(text);
    if (m) starts.push({ line, index: Number(m[1]) });
  }

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => (path.resolve(f) === fileName ? source : readFile(f));
  host.fileExists = (
    (exists) => (f: string) =>
      path.resolve(f) === fileName || exists(f)
  )(host.fileExists.bind(host));
  host.getSourceFile = (f, lang, onError, create) =>
    path.resolve(f) === fileName ? ts.createSourceFile(f, source, lang, true) : getSourceFile(f, lang, onError, create);
  const program = ts.createProgram([fileName], options, host);
  const problems = new Map<number, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || path.resolve(d.file.fileName) !== fileName || d.start === undefined) {
      problems.set(-1, [...(problems.get(-1) ?? []), message]);
      continue;
    }
    const at = d.file.getLineAndCharacterOfPosition(d.start).line + 1;
    const owner = [...starts].reverse().find((s) => s.line <= at);
    const key = owner?.index ?? -1;
    problems.set(key, [...(problems.get(key) ?? []), `line ${at - (owner?.line ?? 0)}: ${message}`]);
  }
  return problems;
}
