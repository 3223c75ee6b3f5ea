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

/**
 * "Is one of the strings of this JSON array parameter `$n`": write `column = ${anyOfJsonArray(1)}`
 * and pass `JSON.stringify(values)` as `$1`. One statement text whatever the list's length (prepared once, not
 * once per length), and planned as an index lookup at any table size: `in (select
 * jsonb_array_elements_text(...))` was planned as a scan of the whole outbox while it was small.
 */
export const anyOfJsonArray = (n: number): string => `any(array(select jsonb_array_elements_text($${n}::jsonb)))`;
