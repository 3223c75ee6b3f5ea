// The X-Refund-Idempotency key of a payment's refund: derived from the payment id alone, so every
// attempt, on every replica, after any crash, asks Razorpay for the same refund (>= 10 characters
// of [A-Za-z0-9_-], as Razorpay requires). Razorpay ids (pay_...) are used as they are.
import { createHash } from 'node:crypto';

const PLAIN_ID = /^[A-Za-z0-9_-]{3,57}$/;

export function refundKeyFor(paymentId: string): string {
  if (PLAIN_ID.test(paymentId)) return `refund-${paymentId}`;
  return `refund-${createHash('sha256').update(paymentId).digest('hex').slice(0, 40)}`;
}
