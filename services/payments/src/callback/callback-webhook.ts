// What Razorpay shows for the payment a Checkout callback names, as the webhook Razorpay sends for
// it: stored in webhook_events and handed to the webhook processor, so the same handlers make the
// change as for a webhook or reconciliation (whichever comes first confirms; the rest find the
// record settled and change nothing). The id is derived from the payment and its status, so the
// same callback twice is stored once.
import type { RazorpayPayment } from '../razorpay/razorpay-gateway';

const EVENT_FOR_STATUS: Partial<Record<RazorpayPayment['status'], string>> = {
  failed: 'payment.failed',
  authorized: 'payment.authorized',
  captured: 'payment.captured',
};

export interface CallbackWebhook {
  eventId: string;
  eventType: string;
  body: string;
}

/** undefined for statuses no webhook handler acts on (created, refunded). */
export function callbackWebhookFor(payment: RazorpayPayment, fetchedAt: Date): CallbackWebhook | undefined {
  const eventType = EVENT_FOR_STATUS[payment.status];
  if (!eventType) return undefined;
  const body = {
    entity: 'event',
    event: eventType,
    contains: ['payment'],
    payload: { payment: { entity: payment } },
    created_at: Math.floor(fetchedAt.getTime() / 1000),
    source: 'checkout-callback',
  };
  return { eventId: `callback.${payment.id}.${payment.status}`.slice(0, 128), eventType, body: JSON.stringify(body) };
}
