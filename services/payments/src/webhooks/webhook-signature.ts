// X-Razorpay-Signature is the hex HMAC-SHA256 of the raw body with the webhook secret. Compared in
// constant time (the SDK's validateWebhookSignature uses ===). During a secret rotation both the
// current and the previous secret are accepted.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureVerdict = 'valid' | 'missing' | 'mismatch';

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

export function signRazorpayBody(rawBody: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

export function verifyRazorpaySignature(
  rawBody: Buffer,
  signature: string | undefined,
  secrets: readonly string[],
): SignatureVerdict {
  if (!signature) return 'missing';
  if (!HEX_SHA256.test(signature)) return 'mismatch';
  const given = Buffer.from(signature, 'hex');
  // Every secret is tried, so the time taken does not depend on which one matched.
  let valid = false;
  for (const secret of secrets) {
    valid = timingSafeEqual(given, Buffer.from(signRazorpayBody(rawBody, secret), 'hex')) || valid;
  }
  return valid ? 'valid' : 'mismatch';
}
