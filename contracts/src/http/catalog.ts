import { z } from 'zod';
import { Currency, IsoTime, Paise, ProductId, VendorId } from '../common';

/** Upper bound on one line's quantity: beyond this a cart is a mistake or an attack, not an order. */
export const MAX_LINE_QUANTITY = 1000;
export const MAX_CART_ITEMS = 50;
/** A hold outlives its checkout's expiry by this much, so the order service releases it first and the catalog's own sweep is the backstop. */
export const HOLD_GRACE_SECONDS = 60;

export const Product = z.object({
  productId: ProductId,
  vendorId: VendorId,
  name: z.string(),
  price: Paise,
  currency: Currency,
  availableQuantity: z.number().int().nonnegative(),
});
export const ProductList = z.array(Product);

export const AvailabilityItem = z.object({
  productId: ProductId,
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
});

export const CheckAvailabilityRequest = z
  .object({
    items: z.array(AvailabilityItem).min(1).max(MAX_CART_ITEMS),
    orderReference: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('When given, the stock is held for this reference until it expires, is released or is sold'),
    holdSeconds: z
      .number()
      .int()
      .min(1)
      .max(86400)
      .optional()
      .describe('How long the hold lives; default CHECKOUT_EXPIRY_SECONDS'),
    requireSingleVendor: z.boolean().optional().describe('Refuse (422 MULTIPLE_VENDORS) a cart that spans vendors'),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.items.forEach((item, i) => {
      if (seen.has(item.productId))
        ctx.addIssue({ code: 'custom', path: ['items', i, 'productId'], message: 'duplicated product' });
      seen.add(item.productId);
    });
  })
  .describe('Prices the items and, with orderReference, holds their stock. Each productId appears once');
export type CheckAvailabilityRequest = z.infer<typeof CheckAvailabilityRequest>;

export const PricedLine = z.object({
  productId: ProductId,
  vendorId: VendorId,
  name: z.string(),
  quantity: z.number().int().min(1),
  unitPrice: Paise,
  lineTotal: Paise,
});
export type PricedLine = z.infer<typeof PricedLine>;

export const Hold = z.object({
  orderReference: z.string(),
  expiresAt: IsoTime,
  status: z.enum(['HELD', 'RELEASED', 'SOLD', 'EXPIRED']),
});

export const AvailabilityResponse = z.object({
  isAvailable: z.literal(true),
  items: z.array(PricedLine),
  amount: Paise,
  currency: Currency,
  hold: Hold.nullable().describe('The hold made for orderReference, or null when none was asked for'),
});
export type AvailabilityResponse = z.infer<typeof AvailabilityResponse>;

export const UnavailableItem = z.object({
  productId: ProductId,
  requested: z.number().int(),
  available: z.number().int().nonnegative(),
});
export type UnavailableItem = z.infer<typeof UnavailableItem>;

/** 409 body: a problem+json document that also carries the spec's `isAvailable` and `unavailableItems`. */
export const UnavailableResponse = z
  .object({
    isAvailable: z.literal(false),
    unavailableItems: z.array(UnavailableItem),
    code: z.literal('OUT_OF_STOCK'),
  })
  .loose();

export const ReleaseHoldRequest = z.object({
  orderReference: z.string().min(1).max(64),
  reason: z.string().max(200).optional(),
});
export const ReleaseHoldResponse = z.object({
  orderReference: z.string(),
  status: z.enum(['RELEASED', 'SOLD', 'EXPIRED', 'NOT_FOUND']),
});

/** POST /api/v1/internal/holds/commit: the order is paid (saga step 13); sell what was held. */
export const CommitSaleRequest = z.object({
  orderReference: z.string().min(1).max(64).describe('Our order id, as in check-availability'),
});
export type CommitSaleRequest = z.infer<typeof CommitSaleRequest>;

export const CommitSaleResponse = z
  .object({ orderReference: z.string(), status: z.literal('SOLD') })
  .describe(
    'Sold: from the hold, or from free stock when the hold had lapsed. Idempotent: a sold hold answers SOLD again',
  );
export type CommitSaleResponse = z.infer<typeof CommitSaleResponse>;
