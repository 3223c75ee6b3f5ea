import { z } from 'zod';
import { Currency, Paise } from '../common';

/** Razorpay refuses orders below 100 paise. */
export const MIN_PAYMENT_AMOUNT = 100;

export const CreateIntentRequest = z.object({
  amount: Paise.min(MIN_PAYMENT_AMOUNT),
  currency: Currency,
  orderReference: z
    .string()
    .min(1)
    .max(40)
    .describe('Our order id; Razorpay receipt, and the idempotency key of the intent'),
  customerId: z.string().max(128).optional(),
});
export type CreateIntentRequest = z.infer<typeof CreateIntentRequest>;

export const PaymentIntent = z.object({
  paymentProviderOrderId: z.string().describe('Razorpay order id (order_...) for Razorpay Checkout'),
  keyId: z.string().describe('Razorpay key id the client opens Checkout with'),
  amount: Paise,
  currency: Currency,
  orderReference: z.string(),
  provider: z.literal('razorpay'),
  status: z.string().describe('Our payment record status'),
});
export type PaymentIntent = z.infer<typeof PaymentIntent>;

/** POST /api/v1/internal/payments/gateway-check: what Razorpay shows for an order's payment, asked now. */
export const GatewayCheckRequest = z.object({
  orderReference: z.string().min(1).max(40).describe('Our order id'),
});
export type GatewayCheckRequest = z.infer<typeof GatewayCheckRequest>;

export const GATEWAY_PAYMENT_STATUSES = ['PAID', 'AUTHORIZED', 'UNPAID', 'UNKNOWN'] as const;

export const GatewayCheckResponse = z.object({
  orderReference: z.string(),
  paymentProviderOrderId: z.string().nullable().describe('The Razorpay order; null when none was created'),
  status: z
    .enum(GATEWAY_PAYMENT_STATUSES)
    .describe(
      'PAID: a payment is captured (PaymentConfirmed is published, as for its webhook); AUTHORIZED: money is held, its capture follows; ' +
        'UNPAID: no payment got that far; UNKNOWN: Razorpay does not know the order, so nothing can be paid on it',
    ),
});
export type GatewayCheckResponse = z.infer<typeof GatewayCheckResponse>;
