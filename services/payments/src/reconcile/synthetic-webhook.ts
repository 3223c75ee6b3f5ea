// What Razorpay shows for a payment, as the webhook it would have sent: reconciliation (and a
// Checkout callback) stores it in webhook_events and hands it to the webhook processor, so the
// same handlers make every state change (one code path for confirming, recording an authorisation
// or a failure, capturing). Its id is derived from who saw it, the payment and the status, so it is
// stored and processed once.
import type { RazorpayPayment } from '../razorpay/razorpay-gateway';

const EVENT_FOR_STATUS: Partial<Record<RazorpayPayment['status'], string>> = {
  failed: 'payment.failed',
  authorized: 'payment.authorized',
  captured: 'payment.captured',
};

export interface SyntheticWebhook {
  eventId: string;
  eventType: string;
  body: string;
}

/** undefined for statuses no webhook handler acts on (created, refunded). */
export function syntheticWebhookFor(
  payment: RazorpayPayment,
  observedAt: Date,
  seenBy: { source: string; idPrefix: string } = { source: 'reconciliation', idPrefix: 'reconcile' },
): SyntheticWebhook | undefined {
  const eventType = EVENT_FOR_STATUS[payment.status];
  if (!eventType) return undefined;
  const body = {
    entity: 'event',
    event: eventType,
    contains: ['payment'],
    payload: { payment: { entity: payment } },
    // When the state was seen: the capture time a late confirmation carries.
    created_at: Math.floor(observedAt.getTime() / 1000),
    source: seenBy.source,
  };
  return {
    eventId: `${seenBy.idPrefix}.${payment.id}.${payment.status}`.slice(0, 128),
    eventType,
    body: JSON.stringify(body),
  };
}

const RANK: Record<string, number> = { failed: 0, authorized: 1, captured: 2 };

/** In the order Razorpay would have sent them: failures, then authorisations, then captures. */
export const inWebhookOrder = (a: RazorpayPayment, b: RazorpayPayment) =>
  (RANK[a.status] ?? -1) - (RANK[b.status] ?? -1) || (a.created_at ?? 0) - (b.created_at ?? 0);
