import { z } from 'zod';
import { Currency, Paise } from '../common';

/** Razorpay refuses orders below 100 paise. */
export const MIN_PAYMENT_AMOUNT = 100;

export const CreateIntentRequest = z.object({
  amount: Paise.min(MIN_PAYMENT_AMOUNT),
  currency: Currency,
  orderReference: z.string().min(1).max(40).describe('Our order id; Razorpay receipt, and the idempotency key of the intent'),
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
