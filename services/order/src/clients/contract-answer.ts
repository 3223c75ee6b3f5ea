// Another service's answer, checked against the contract before anything reads it. A body that
// does not match is no answer at all: it is thrown as an InvocationError (the outcome of the call
// is unknown), so every caller takes the path it already takes for an unreachable dependency.
import { InvocationError } from '@saga/runtime';
import type { z } from 'zod';

export function contractAnswer<S extends z.ZodType>(
  schema: S,
  appId: string,
  path: string,
  res: { status: number; body: unknown },
): z.infer<S> {
  const parsed = schema.safeParse(res.body);
  if (parsed.success) return parsed.data;
  // Where it differs, never the values: the body may carry another service's state.
  const at = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(body)'))].slice(0, 5).join(', ');
  throw new InvocationError(appId, `${path} answered ${res.status} with a body its contract does not allow (at ${at})`);
}
