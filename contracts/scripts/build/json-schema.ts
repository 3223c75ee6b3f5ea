// zod 4's own converter (z.toJSONSchema) turns the contracts into JSON Schema, two ways:
// - standalone: one self-contained document per contract (json-schema/<Name>.json, 2020-12);
// - components: a set of named schemas referencing each other by $ref, for OpenAPI and AsyncAPI.
// Both read the *input* side of each schema: objects stay open to unknown fields (zod strips
// them rather than refusing them), which is what lets a producer add optional fields without
// breaking a consumer that validates with an older schema.
import { z } from 'zod';
import type { NamedSchema } from './named-schemas';

export type JsonSchema = Record<string, unknown>;
export type Dialect = 'draft-2020-12' | 'draft-07';

/** Where the standalone schemas say they live ($id). Relative to it, <Name>.json. */
export const JSON_SCHEMA_BASE_URI = 'https://contracts.checkout-saga.dev/json-schema/';

const common = { io: 'input', unrepresentable: 'throw' } as const;

export function standaloneJsonSchema({ name, schema }: NamedSchema): JsonSchema {
  const converted = z.toJSONSchema(schema, { ...common, target: 'draft-2020-12' }) as JsonSchema;
  return { ...converted, $id: `${JSON_SCHEMA_BASE_URI}${name}.json`, title: name };
}

/** A small schema inlined where a document needs one (a header or path parameter). */
export function inlineJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { ...common, target: 'draft-2020-12' }) as JsonSchema;
  return rest;
}

/**
 * The named schemas as components: each one that appears inside another becomes a $ref to
 * `${refPrefix}<Name>`; everything else is inlined. No $schema/$id: the host document sets the dialect.
 */
export function componentSchemas(
  schemas: readonly NamedSchema[],
  target: Dialect,
  refPrefix: string,
): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const { name, schema } of schemas) registry.add(schema, { id: name });
  const { schemas: converted } = z.toJSONSchema(registry, { ...common, target, uri: (id) => `${refPrefix}${id}` });
  const out: Record<string, JsonSchema> = {};
  for (const { name } of schemas) {
    const { $schema: _dialect, $id: _id, ...rest } = converted[name] as JsonSchema;
    out[name] = rest;
  }
  return out;
}
