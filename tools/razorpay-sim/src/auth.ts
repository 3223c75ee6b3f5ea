import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { SimContext } from './context';
import { authenticationFailed, RazorpayApiError } from './errors';

function sameSecret(a: string, b: string): boolean {
  // Hashing first gives equal-length buffers, so the comparison leaks neither content nor length.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function missingKey(): RazorpayApiError {
  const err = authenticationFailed();
  err.body.error.description = 'Please provide your api key for authentication purposes.';
  return err;
}

/** Razorpay's HTTP Basic auth with key_id:key_secret on every /v1 route. */
export function basicAuth(ctx: SimContext): RequestHandler {
  return (req, _res, next) => {
    const header = req.headers.authorization;
    const match = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (!match?.[1]) {
      ctx.stats.data.unauthorized += 1;
      throw missingKey();
    }
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const keyId = colon < 0 ? decoded : decoded.slice(0, colon);
    const keySecret = colon < 0 ? '' : decoded.slice(colon + 1);
    // Evaluate both comparisons so a wrong key id costs the same time as a wrong secret.
    const idOk = sameSecret(keyId, ctx.keyId);
    const secretOk = sameSecret(keySecret, ctx.keySecret);
    if (!idOk || !secretOk) {
      ctx.stats.data.unauthorized += 1;
      throw authenticationFailed();
    }
    next();
  };
}
