// What Razorpay shows for the payment a Checkout callback names, as the webhook Razorpay sends for
// it: the same synthetic webhook reconciliation builds, under ids of its own, so the same handlers
// make the change as for a webhook or reconciliation (whichever comes first confirms; the rest find
// the record settled and change nothing). The same callback twice is stored once.
import type { RazorpayPayment } from '../razorpay/razorpay-gateway';
import { type SyntheticWebhook, syntheticWebhookFor } from '../reconcile/synthetic-webhook';

/** undefined for statuses no webhook handler acts on (created, refunded). */
export function callbackWebhookFor(payment: RazorpayPayment, fetchedAt: Date): SyntheticWebhook | undefined {
  return syntheticWebhookFor(payment, fetchedAt, { source: 'checkout-callback', idPrefix: 'callback' });
}
