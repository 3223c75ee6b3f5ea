import { z } from 'zod';
import { Currency, Paise } from '../common';
import { envelope } from './envelope';

export const PaymentConfirmedPayload = z.object({
  orderReference: z.string().describe('Our order id'),
  paymentProviderOrderId: z.string(),
  paymentId: z.string().describe('Razorpay payment id (pay_...)'),
  amount: Paise,
  currency: Currency,
  method: z.string().nullable(),
  capturedAt: z.string(),
});
export const PaymentConfirmed = envelope('PaymentConfirmed', PaymentConfirmedPayload);
export type PaymentConfirmed = z.infer<typeof PaymentConfirmed>;

export const PaymentFailedPayload = z.object({
  orderReference: z.string(),
  paymentProviderOrderId: z.string(),
  paymentId: z.string().nullable(),
  reason: z.string(),
  errorCode: z.string().nullable(),
});
export const PaymentFailed = envelope('PaymentFailed', PaymentFailedPayload);
export type PaymentFailed = z.infer<typeof PaymentFailed>;

/**
 * Razorpay does not know the order's Razorpay order (a key from another account or mode, a
 * simulator that lost its state): nothing can ever be paid on it. Reconciliation's final word on
 * an open payment; the order, if still waiting to be paid, ends and its stock goes back. Topic payment-events.
 */
export const PaymentIntentVoidedPayload = z.object({
  orderReference: z.string(),
  paymentProviderOrderId: z.string(),
  reason: z.string(),
  voidedAt: z.string(),
});
export const PaymentIntentVoided = envelope('PaymentIntentVoided', PaymentIntentVoidedPayload);
export type PaymentIntentVoided = z.infer<typeof PaymentIntentVoided>;
