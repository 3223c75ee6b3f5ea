import { z } from 'zod';
import { Currency, Paise } from '../common';
import { envelope } from './envelope';

/** Razorpay refunded a captured payment (compensation). Topic payment-events. */
export const PaymentRefundedPayload = z.object({
  orderReference: z.string(),
  paymentId: z.string(),
  refundId: z.string(),
  amount: Paise,
  currency: Currency,
  reason: z.string(),
  refundedAt: z.string(),
});
export const PaymentRefunded = envelope('PaymentRefunded', PaymentRefundedPayload);
export type PaymentRefunded = z.infer<typeof PaymentRefunded>;
