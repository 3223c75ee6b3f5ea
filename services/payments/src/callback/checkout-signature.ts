// Razorpay Checkout's razorpay_signature: the hex HMAC-SHA256 of `razorpay_order_id|razorpay_payment_id`
// keyed with the API key secret (Razorpay's "verify payment signature" step). Compared in constant
// time; the SDK's validatePaymentVerification compares with ===.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function checkoutSignature(providerOrderId: string, paymentId: string, keySecret: string): string {
  return createHmac('sha256', keySecret).update(`${providerOrderId}|${paymentId}`).digest('hex');
}

export function isValidCheckoutSignature(
  providerOrderId: string,
  paymentId: string,
  signature: string,
  keySecret: string,
): boolean {
  if (!/^[0-9a-f]{64}$/i.test(signature)) return false;
  return timingSafeEqual(
    Buffer.from(signature, 'hex'),
    Buffer.from(checkoutSignature(providerOrderId, paymentId, keySecret), 'hex'),
  );
}
