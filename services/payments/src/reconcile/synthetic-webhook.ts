// What Razorpay shows for a payment, as the webhook it would have sent: reconciliation (and a
// Checkout callback) stores it in webhook_events and hands it to the webhook processor, so the
// same handlers make every state change (one code path for confirming, recording an authorisation
// or a failure, capturing). Its id is derived from who saw it, the payment and the status, so it is
// stored and processed once. It satisfies Razorpay's webhook contract like a real one, so one
// schema parses both.
import type { RazorpayWebhookEvent } from '@saga/contracts';
import type { RazorpayPayment } from '../razorpay/razorpay-gateway';

/**
 * The account_id of a webhook we built ourselves. Razorpay always names the merchant account; no
 * code reads it, and this value says at a glance (in webhook_events) that Razorpay did not send it.
 */
export const SYNTHETIC_ACCOUNT_ID = 'acc_synthetic';

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
  // When the state was seen: the capture time a late confirmation carries.
  const seenAt = Math.floor(observedAt.getTime() / 1000);
  const body: RazorpayWebhookEvent & { source: string } = {
    entity: 'event',
    account_id: SYNTHETIC_ACCOUNT_ID,
    event: eventType,
    contains: ['payment'],
    // Razorpay's payment as fetched (its own fields ride along); entity and created_at are always
    // in Razorpay's answers, restated because the gateway's type does not promise them.
    payload: { payment: { entity: { ...payment, entity: 'payment', created_at: payment.created_at ?? seenAt } } },
    created_at: seenAt,
    source: seenBy.source,
  };
  return {
    eventId: `${seenBy.idPrefix}.${payment.id}.${payment.status}`.slice(0, 128),
    eventType,
    body: JSON.stringify(body),
  };
}

/** Who builds synthetic webhooks: their `source`, which Razorpay's own events never carry. */
const SYNTHETIC_SOURCES = new Set(['reconciliation', 'checkout-callback']);

/**
 * A synthetic webhook stored before they were built to the contract (no account_id; the payment
 * as the gateway typed it, without `entity` or, from the simulator, `created_at`), completed as
 * they are built now: one still waiting in webhook_events when this version is deployed is
 * processed, not flagged (its deterministic id means reconciliation would not build it again).
 * Anything else, Razorpay's own events included, is returned unchanged.
 */
export function completeStoredSynthetic(body: unknown): unknown {
  type Stored = {
    source?: unknown;
    account_id?: unknown;
    created_at?: unknown;
    payload?: { payment?: { entity?: object } };
  };
  const stored = body as Stored | null;
  if (typeof stored !== 'object' || stored === null || !SYNTHETIC_SOURCES.has(stored.source as string)) return body;
  const payment = stored.payload?.payment?.entity;
  return {
    ...stored,
    account_id: stored.account_id ?? SYNTHETIC_ACCOUNT_ID,
    ...(payment
      ? {
          payload: {
            ...stored.payload,
            payment: {
              ...stored.payload!.payment,
              entity: { entity: 'payment', created_at: stored.created_at, ...payment },
            },
          },
        }
      : {}),
  };
}

const RANK: Record<string, number> = { failed: 0, authorized: 1, captured: 2 };

/** In the order Razorpay would have sent them: failures, then authorisations, then captures. */
export const inWebhookOrder = (a: RazorpayPayment, b: RazorpayPayment) =>
  (RANK[a.status] ?? -1) - (RANK[b.status] ?? -1) || (a.created_at ?? 0) - (b.created_at ?? 0);
