// A payment webhook as processing reads it: Razorpay's event as the contract describes it
// (RazorpayWebhookEvent, @saga/contracts), carrying the payment it is about. Reconciliation and the
// Checkout callback build theirs to the same contract (reconcile/synthetic-webhook.ts). The body
// is parsed from the stored raw text, never re-serialised.
import { type RazorpayPaymentEntity, RazorpayWebhookEvent } from '@saga/contracts';
import type { z } from 'zod';

export type PaymentEntity = z.infer<typeof RazorpayPaymentEntity>;
export type PaymentWebhook = RazorpayWebhookEvent & { payload: { payment: { entity: PaymentEntity } } };

/** The event, or what in it the contract (or a payment event's need of a payment) refuses. */
export function parsePaymentWebhook(body: unknown): { event: PaymentWebhook } | { problems: string[] } {
  const parsed = RazorpayWebhookEvent.safeParse(body);
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const event = parsed.data;
  if (!event.payload.payment) return { problems: ['payload.payment: required for a payment event'] };
  return { event: event as PaymentWebhook };
}

/**
 * The Razorpay order a webhook body names: the payment's order_id, else the order entity's id. On a
 * signed but not yet validated body it is only a hint (to lock the payment record in the same round
 * trip as the event row); on a validated event it is the answer (providerOrderIdOf).
 */
export function providerOrderIdHint(body: unknown): string | undefined {
  const payload = (
    body as
      { payload?: { payment?: { entity?: { order_id?: unknown } }; order?: { entity?: { id?: unknown } } } } | undefined
  )?.payload;
  const id = payload?.payment?.entity?.order_id ?? payload?.order?.entity?.id;
  return typeof id === 'string' ? id : undefined;
}

/** The Razorpay order a payment webhook is about. */
export const providerOrderIdOf = (event: PaymentWebhook) => providerOrderIdHint(event) ?? null;

/** When Razorpay created the event (unix seconds). */
export const eventTime = (event: PaymentWebhook) => new Date(event.created_at * 1000);
