// What the operator CLIs (`npm run dlq`, `npm run refunds`) share: the `--dapr [sidecar url]` flag
// and calls to internal routes with the right credential. Direct, the call carries the service
// credential (APP_API_TOKEN, the development value when unset, as `npm start` uses); through a
// sidecar it carries DAPR_API_TOKEN (if the sidecar wants one) and the target's daprd adds the app
// token itself.
import { DEV_SECRETS, SERVICE_TOKEN_HEADER } from '@saga/runtime';
import type { z } from 'zod';

/** Removes `--dapr [url]` from argv; the sidecar's URL when it was given (default :3500). */
export function takeDaprFlag(argv: string[]): string | undefined {
  const at = argv.indexOf('--dapr');
  if (at < 0) return undefined;
  const next = argv[at + 1];
  const hasUrl = !!next && next.startsWith('http');
  argv.splice(at, hasUrl ? 2 : 1);
  return hasUrl ? next : 'http://127.0.0.1:3500';
}

function credentials(dapr?: string): Record<string, string> {
  const token = dapr ? process.env.DAPR_API_TOKEN : process.env.APP_API_TOKEN || DEV_SECRETS.APP_API_TOKEN;
  return token ? { [SERVICE_TOKEN_HEADER]: token } : {};
}

/** One call to an internal route; the body parsed when there is one. */
export async function callInternal<T>(
  method: string,
  url: string,
  dapr?: string,
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { method, headers: credentials(dapr) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * A successful answer, parsed with its contract (@saga/contracts). One that does not match is not
 * trusted: it throws, naming where it differs, and the CLI fails as for a service it cannot reach.
 */
export function contractAnswer<S extends z.ZodType>(
  schema: S,
  service: string,
  res: { status: number; body: unknown },
): z.infer<S> {
  const parsed = schema.safeParse(res.body);
  if (parsed.success) return parsed.data;
  const at = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(body)'))].slice(0, 5).join(', ');
  throw new Error(`${service} answered ${res.status} with a body its contract does not allow (at ${at})`);
}
