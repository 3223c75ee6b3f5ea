import type { z } from 'zod';
import { type InvalidParam, validationError } from './app-error';

/** `cartItems[0].quantity`-style names, so a client can point at the field. */
export function fieldName(path: PropertyKey[], prefix = ''): string {
  const name = path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    prefix,
  );
  return name || '(body)';
}

function toInvalidParams(error: z.ZodError, prefix = ''): InvalidParam[] {
  return error.issues.map((issue) => ({ name: fieldName(issue.path, prefix), reason: issue.message }));
}

/** Parse or throw a 400 naming every offending field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(toInvalidParams(result.error, prefix));
  return result.data;
}
