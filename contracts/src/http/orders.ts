import { z } from 'zod';
import { Currency, IsoTime, Paise, ProductId, VendorId } from '../common';
import { MAX_CART_ITEMS, MAX_LINE_QUANTITY, PricedLine } from './catalog';
import { PaymentIntent } from './payments';

export const CartItem = z.object({
  productId: ProductId,
  quantity: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_LINE_QUANTITY, `must be at most ${MAX_LINE_QUANTITY}`),
});

export const CheckoutRequest = z
  .object({
    cartItems: z
      .array(CartItem)
      .min(1, 'the cart is empty')
      .max(MAX_CART_ITEMS, `at most ${MAX_CART_ITEMS} items`)
      .optional()
      .describe("Absent: the customer's stored cart (PUT /api/v1/cart) is checked out"),
  })
  .loose()
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.cartItems?.forEach((item, i) => {
      if (seen.has(item.productId))
        ctx.addIssue({
          code: 'custom',
          path: ['cartItems', i, 'productId'],
          message: 'duplicated product: merge the quantities',
        });
      seen.add(item.productId);
    });
  })
  .describe(
    'A cart for one vendor, or none to check out the stored cart. Each productId appears once (merge quantities). Prices come from the catalog, never from the client',
  );
export type CheckoutRequest = z.infer<typeof CheckoutRequest>;

export const OrderStatus = z
  .enum([
    'CHECKOUT',
    'CONFIRMING_PAYMENT',
    'PENDING_VENDOR_ACCEPTANCE',
    'ACCEPTED',
    'REJECTED',
    'PAYMENT_FAILED',
    'CANCELLED',
    'EXPIRED',
  ])
  .describe(
    "CONFIRMING_PAYMENT: captured, stock being committed; PENDING_VENDOR_ACCEPTANCE: paid, waiting for the vendor's answer; ACCEPTED: the vendor took it; " +
      'REJECTED: the vendor refused it or did not answer in time (see statusReason; the payment is refunded); EXPIRED: unpaid in time; ' +
      'CANCELLED: will never be placed (see statusReason; a captured payment is refunded)',
  );
export type OrderStatus = z.infer<typeof OrderStatus>;

export const CheckoutResponse = z.object({
  orderId: z.string(),
  status: z.literal('CHECKOUT'),
  amount: Paise,
  currency: Currency,
  vendorId: VendorId,
  items: z.array(PricedLine),
  expiresAt: IsoTime.describe('When the unpaid checkout expires and its stock is released'),
  paymentIntent: PaymentIntent,
});
export type CheckoutResponse = z.infer<typeof CheckoutResponse>;

export const Order = z.object({
  orderId: z.string(),
  customerId: z.string(),
  vendorId: VendorId,
  status: OrderStatus,
  statusReason: z.string().nullable(),
  items: z.array(PricedLine),
  amount: Paise,
  currency: Currency,
  paymentProviderOrderId: z.string().nullable(),
  paymentId: z.string().nullable(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  expiresAt: IsoTime,
  placedAt: IsoTime.nullable().optional().describe('When the payment placed the order with its vendor; null before'),
  answeredAt: IsoTime.nullable()
    .optional()
    .describe('When the vendor accepted or rejected it (or it was rejected for want of an answer); null before'),
  vendorAnswerDueAt: IsoTime.nullable()
    .optional()
    .describe(
      'While PENDING_VENDOR_ACCEPTANCE: when the order is rejected automatically if the vendor has not answered (VENDOR_ACCEPTANCE_TIMEOUT_SECONDS after placedAt)',
    ),
});
export type Order = z.infer<typeof Order>;

/** The optional Idempotency-Key header of checkout: the same key and cart replay the first answer. */
export const IdempotencyKey = z
  .string()
  .regex(/^[!-~]{1,255}$/, '1 to 255 visible ASCII characters')
  .describe(
    '1 to 255 visible ASCII characters; the same key with the same cart replays the first answer, with another cart it is refused (422)',
  );

export { ProductId };
