import { z } from 'zod';
import { Currency, Paise } from '../common';
import { envelope } from './envelope';

/** An unpaid checkout ran out of time; its stock goes back on sale. Topic order-events. */
export const OrderExpiredPayload = z.object({
  orderId: z.string(),
  reason: z.string(),
  expiredAt: z.string(),
});
export const OrderExpired = envelope('OrderExpired', OrderExpiredPayload);
export type OrderExpired = z.infer<typeof OrderExpired>;

/** An order that will never be placed (see reason); its hold, if any, is released. Topic order-events. */
export const OrderCancelledPayload = z.object({
  orderId: z.string(),
  reason: z.string(),
  cancelledAt: z.string(),
});
export const OrderCancelled = envelope('OrderCancelled', OrderCancelledPayload);
export type OrderCancelled = z.infer<typeof OrderCancelled>;

/**
 * A captured payment that no order will use (paid after expiry, stock gone, a second capture):
 * payments refunds it, once per paymentId. Topic order-events.
 */
export const RefundRequestedPayload = z.object({
  orderId: z.string(),
  paymentId: z.string(),
  amount: Paise,
  currency: Currency,
  reason: z.string(),
});
export const RefundRequested = envelope('RefundRequested', RefundRequestedPayload);
export type RefundRequested = z.infer<typeof RefundRequested>;
