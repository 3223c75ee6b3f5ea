import { createHmac, timingSafeEqual } from 'node:crypto';

/** Razorpay's X-Razorpay-Signature: hex HMAC-SHA256 of the raw body with the webhook secret. */
export function signWebhookBody(rawBody: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/** Constant-time check, unlike the SDK's validateWebhookSignature which compares with ===. */
export function verifyWebhookSignature(rawBody: string | Buffer, signature: string, secret: string): boolean {
  const expected = Buffer.from(signWebhookBody(rawBody, secret), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
