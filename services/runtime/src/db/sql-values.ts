/** MikroORM's pg setup returns timestamptz as text; normalise either form to ISO 8601 UTC. */
export function isoTime(value: Date | string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`not a timestamp: ${String(value)}`);
  return date.toISOString();
}

/** jsonb may arrive parsed or as text depending on the driver's type parsers. */
export function jsonValue<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}
