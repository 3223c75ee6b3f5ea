// Deterministic JSON for generated files: the same contracts always give the same bytes.
// Keys are sorted (well-known leading keys first, then alphabetically), except the keys of a
// JSON Schema `properties` map, which keep the order the TypeScript contract declares them in,
// and literal data (examples, const, enum, default), which is written as given.
// Two-space indentation and a trailing newline.

const LEADING_KEYS = [
  // document heads (OpenAPI, AsyncAPI), then what reads first in an operation, message or schema
  '$schema',
  '$id',
  'openapi',
  'asyncapi',
  'info',
  'jsonSchemaDialect',
  'defaultContentType',
  'servers',
  'tags',
  'paths',
  'channels',
  'operations',
  'name',
  'in',
  'url',
  'title',
  'summary',
  'description',
  'operationId',
  'action',
  'address',
  'channel',
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'schema',
];
const rank = (key: string) => {
  const i = LEADING_KEYS.indexOf(key);
  return i === -1 ? LEADING_KEYS.length : i;
};
const LITERAL_DATA_KEYS = new Set(['example', 'examples', 'const', 'enum', 'default']);
const byCanonicalOrder = (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);

function canonicalize(value: unknown, keepKeyOrder = false): unknown {
  if (Array.isArray(value)) return value.map((item) => canonicalize(item));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (!keepKeyOrder) keys.sort(byCanonicalOrder);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const child = (value as Record<string, unknown>)[key];
    if (!keepKeyOrder && LITERAL_DATA_KEYS.has(key)) out[key] = child;
    // The children of a properties map are schemas again (sorted); the map itself keeps its order.
    else out[key] = canonicalize(child, !keepKeyOrder && key === 'properties' && isPlainObject(child));
  }
  return out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(canonicalize(value), null, 2)}\n`;
}
