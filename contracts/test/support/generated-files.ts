// The generated documents as a consumer in another language sees them: files on disk, read as
// plain JSON, without any TypeScript from contracts/src.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

export const GENERATED = path.resolve(__dirname, '../../generated');

export type Json = Record<string, any>;

export const readGenerated = (file: string): Json => JSON.parse(readFileSync(path.join(GENERATED, file), 'utf8'));

export const jsonSchemaFiles = (): string[] =>
  readdirSync(path.join(GENERATED, 'json-schema'))
    .filter((f) => f.endsWith('.json'))
    .sort();

/** ajv (JSON Schema 2020-12, strict) with every json-schema/*.json added under its $id. */
export function ajvWithGeneratedSchemas(): { ajv: Ajv2020; idOf: (name: string) => string } {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  const ids = new Map<string, string>();
  for (const file of jsonSchemaFiles()) {
    const schema = readGenerated(`json-schema/${file}`);
    ajv.addSchema(schema);
    ids.set(file.replace(/\.json$/, ''), schema.$id);
  }
  return {
    ajv,
    idOf: (name) => {
      const id = ids.get(name);
      if (!id) throw new Error(`no generated JSON Schema named ${name}`);
      return id;
    },
  };
}

/** Resolves a local JSON pointer ref (#/a/b) in a document; undefined when it points nowhere. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Json)[key] : undefined), doc);
}

/** Every $ref string in a document, with where it occurs. */
export function refsIn(node: unknown, at = '#'): Array<{ at: string; ref: string }> {
  if (Array.isArray(node)) return node.flatMap((child, i) => refsIn(child, `${at}/${i}`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string'
      ? [{ at, ref: child }]
      : refsIn(child, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`),
  );
}
