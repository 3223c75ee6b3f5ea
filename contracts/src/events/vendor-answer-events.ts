import { z } from 'zod';
import { Currency, Paise, VendorId } from '../common';
import { envelope } from './envelope';

/** The vendor took the order. Topic order-events. */
export const OrderAcceptedPayload = z.object({
  orderId: z.string(),
  customerId: z.string(),
  vendorId: VendorId,
  acceptedAt: z.string(),
});
export const OrderAccepted = envelope('OrderAccepted', OrderAcceptedPayload);
export type OrderAccepted = z.infer<typeof OrderAccepted>;

/**
 * The vendor refused the order, or did not answer within VENDOR_ACCEPTANCE_TIMEOUT_SECONDS
 * (rejectedBy: timeout). A RefundRequested for its payment follows in the same transaction.
 * Topic order-events.
 */
export const OrderRejectedPayload = z.object({
  orderId: z.string(),
  customerId: z.string(),
  vendorId: VendorId,
  reason: z.string(),
  rejectedBy: z.enum(['vendor', 'timeout']),
  paymentId: z.string(),
  amount: Paise,
  currency: Currency,
  rejectedAt: z.string(),
});
export const OrderRejected = envelope('OrderRejected', OrderRejectedPayload);
export type OrderRejected = z.infer<typeof OrderRejected>;
