import { z } from 'zod';
import { Currency, Paise, VendorId } from '../common';
import { PricedLine } from '../http/catalog';
import { envelope } from './envelope';

export const OrderPlacedPayload = z.object({
  orderId: z.string(),
  customerId: z.string(),
  vendorId: VendorId,
  items: z.array(PricedLine),
  amount: Paise,
  currency: Currency,
  paymentId: z.string(),
  placedAt: z.string(),
});
export const OrderPlaced = envelope('OrderPlaced', OrderPlacedPayload);
export type OrderPlaced = z.infer<typeof OrderPlaced>;
