// The parts of a Razorpay webhook body that processing reads. Objects stay open: Razorpay adds
// fields without notice. The body is parsed from the stored raw text, never re-serialised.
import { z } from 'zod';

const PaymentEntity = z.object({
  id: z.string().min(1),
  order_id: z.string().nullish(),
  amount: z.number().int(),
  currency: z.string(),
  status: z.string(),
  method: z.string().nullish(),
  error_code: z.string().nullish(),
  error_description: z.string().nullish(),
  error_reason: z.string().nullish(),
});

const OrderEntity = z.object({ id: z.string(), amount: z.number().int(), currency: z.string() });

export const PaymentWebhook = z.object({
  event: z.string(),
  created_at: z.number().optional(),
  payload: z.object({
    payment: z.object({ entity: PaymentEntity }),
    order: z.object({ entity: OrderEntity }).optional(),
  }),
});

export type PaymentWebhook = z.infer<typeof PaymentWebhook>;
export type PaymentEntity = z.infer<typeof PaymentEntity>;

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

/** When Razorpay created the event (unix seconds), else now. */
export const eventTime = (event: PaymentWebhook) => new Date(event.created_at ? event.created_at * 1000 : Date.now());
