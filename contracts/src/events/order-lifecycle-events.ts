import { z } from 'zod';
import { Currency, Paise } from '../common';
import { OrderStatus } from '../http/orders';
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

/**
 * A captured payment of an order was refunded (after a rejection, a cancellation or a second
 * payment): the order service's word to the order's parties, with the order's status then.
 * Topic order-events.
 */
export const OrderRefundedPayload = z.object({
  orderId: z.string(),
  customerId: z.string(),
  vendorId: z.string(),
  status: OrderStatus.describe("The order's status when the refund came back (REJECTED, CANCELLED, ...)"),
  paymentId: z.string(),
  refundId: z.string(),
  amount: Paise,
  currency: Currency,
  refundedAt: z.string(),
});
export const OrderRefunded = envelope('OrderRefunded', OrderRefundedPayload);
export type OrderRefunded = z.infer<typeof OrderRefunded>;
