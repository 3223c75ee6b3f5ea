// The body Razorpay POSTs to POST /api/v1/webhooks/razorpay, as received. Only the fields the
// saga reads are declared; every object is open because Razorpay adds fields without notice.
// The signature (HMAC-SHA256 of the raw body with the webhook secret) travels in a header.
import { z } from 'zod';

export const RAZORPAY_SIGNATURE_HEADER = 'X-Razorpay-Signature';
export const RAZORPAY_EVENT_ID_HEADER = 'X-Razorpay-Event-Id';
/** Hex HMAC-SHA256 of the raw body, keyed with the webhook secret. */
export const RazorpaySignature = z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex digits');
/** Razorpay's event ids (evt_...); the dedup key of webhook processing. */
export const RazorpayEventId = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, '1 to 128 letters, digits or _ . : -');
export const RAZORPAY_WEBHOOK_EVENTS = [
  'payment.authorized',
  'payment.captured',
  'payment.failed',
  'order.paid',
  'refund.processed',
] as const;

const MinorUnits = z.number().int().nonnegative().describe('Amount in the currency minor unit (paise for INR)');
const UnixSeconds = z.number().int().describe('Unix time in seconds');

export const RazorpayPaymentEntity = z
  .object({
    id: z.string().describe('pay_...'),
    entity: z.literal('payment'),
    amount: MinorUnits,
    currency: z.string(),
    status: z.string().meta({ examples: ['created', 'authorized', 'captured', 'refunded', 'failed'] }),
    order_id: z.string().nullable().describe('order_..., the paymentProviderOrderId of our intent'),
    method: z.string().nullable().optional(),
    captured: z.boolean().optional(),
    error_code: z.string().nullable().optional(),
    error_description: z.string().nullable().optional(),
    error_reason: z.string().nullable().optional(),
    created_at: UnixSeconds,
  })
  .loose();

export const RazorpayOrderEntity = z
  .object({
    id: z.string().describe('order_...'),
    entity: z.literal('order'),
    amount: MinorUnits,
    amount_paid: MinorUnits,
    amount_due: MinorUnits,
    currency: z.string(),
    receipt: z.string().nullable().describe('Our orderReference'),
    status: z.string().meta({ examples: ['created', 'attempted', 'paid'] }),
    attempts: z.number().int().nonnegative(),
    created_at: UnixSeconds,
  })
  .loose();

export const RazorpayRefundEntity = z
  .object({
    id: z.string().describe('rfnd_...'),
    entity: z.literal('refund'),
    amount: MinorUnits,
    currency: z.string(),
    payment_id: z.string(),
    status: z.string(),
    created_at: UnixSeconds,
  })
  .loose();

export const RazorpayWebhookEvent = z
  .object({
    entity: z.literal('event'),
    account_id: z.string(),
    event: z.string().meta({
      description: 'Event name; others may arrive and are acknowledged and ignored',
      examples: [...RAZORPAY_WEBHOOK_EVENTS],
    }),
    contains: z.array(z.string()).describe('Which entities the payload carries'),
    payload: z
      .object({
        payment: z.object({ entity: RazorpayPaymentEntity }).loose().optional(),
        order: z.object({ entity: RazorpayOrderEntity }).loose().optional(),
        refund: z.object({ entity: RazorpayRefundEntity }).loose().optional(),
      })
      .loose(),
    created_at: UnixSeconds,
  })
  .loose()
  .describe('A Razorpay webhook event as Razorpay sends it (the raw body is what the signature covers)');
export type RazorpayWebhookEvent = z.infer<typeof RazorpayWebhookEvent>;

/** 200 answer of the webhook receiver: stored for processing, or already seen (a redelivery). */
export const RazorpayWebhookAck = z.object({
  status: z.enum(['received', 'duplicate']),
  eventId: z.string().describe('The X-Razorpay-Event-Id acknowledged'),
});
export type RazorpayWebhookAck = z.infer<typeof RazorpayWebhookAck>;
