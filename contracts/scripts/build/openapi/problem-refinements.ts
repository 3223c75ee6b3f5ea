// In OpenAPI, each per-status problem (ValidationProblem, OutOfStockProblem, ...) is written as
// allOf [ Problem, what it adds or narrows ], so every error response references the Problem
// schema and generated clients get one Problem base type. zod writes each one out in full;
// the intersection accepts exactly the same documents, since a refinement only narrows.
import { isDeepStrictEqual } from 'node:util';
import type { JsonSchema } from '../json-schema';

type Properties = Record<string, unknown>;

export function asProblemRefinements(
  schemas: Record<string, JsonSchema>,
  refPrefix: string,
): Record<string, JsonSchema> {
  const base = schemas.Problem;
  if (!base) throw new Error('the Problem schema is missing');
  const baseProperties = base.properties as Properties;
  const baseRequired = new Set(base.required as string[]);
  const out: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    if (name === 'Problem' || !name.endsWith('Problem')) {
      out[name] = schema;
      continue;
    }
    const properties = schema.properties as Properties;
    const narrowed = Object.fromEntries(
      Object.entries(properties).filter(([key, value]) => !isDeepStrictEqual(baseProperties[key], value)),
    );
    const required = (schema.required as string[]).filter((key) => !baseRequired.has(key));
    const { description } = schema;
    out[name] = {
      ...(description ? { description } : {}),
      allOf: [
        { $ref: `${refPrefix}Problem` },
        { type: 'object', properties: narrowed, ...(required.length ? { required } : {}) },
      ],
    };
  }
  return out;
}
