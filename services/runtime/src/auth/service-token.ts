// The service credential on internal routes (/api/v1/internal/..., the dead-letter routes, Dapr's
// /dapr/* deliveries): the `dapr-api-token` header carrying APP_API_TOKEN. In Dapr mode daprd sends
// it on everything it delivers to the app (service invocation, pub/sub, GET /dapr/subscribe); in
// embedded mode the in-process invoker sends it; operators (npm run dlq) send it too. Checked
// before the body is read, so an anonymous caller costs no parsing.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from '../errors/app-error';

export const SERVICE_TOKEN_HEADER = 'dapr-api-token';

/**
 * Constant time, length included: both sides are hashed to 32 bytes first, so neither the
 * comparison nor its early exit on a length mismatch tells a caller anything about the token.
 */
function serviceTokenMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/**
 * Refuses (401) a request without the service credential. `expected` undefined means there is
 * none to check (Dapr mode outside production with APP_API_TOKEN unset: daprd has no token to
 * send); the service warns about it at boot.
 */
export function requireServiceToken(expected: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (expected === undefined || serviceTokenMatches(expected, req.header(SERVICE_TOKEN_HEADER))) return next();
    next(
      new AppError('UNAUTHENTICATED', `this route needs the service credential (the ${SERVICE_TOKEN_HEADER} header)`),
    );
  };
}
