import { createHmac } from 'node:crypto';

/**
 * Razorpay Checkout's `razorpay_signature`: hex HMAC-SHA256 of `order_id|payment_id` with the key
 * secret (not the webhook secret). The merchant's server recomputes it to trust the handler's fields.
 */
export function checkoutSignature(orderId: string, paymentId: string, keySecret: string): string {
  return createHmac('sha256', keySecret).update(`${orderId}|${paymentId}`).digest('hex');
}
