// The customer's cart, kept in the runtime's state store (Dapr state: Redis or PostgreSQL; the
// embedded store locally) with an ETag for optimistic writes. Checkout without cartItems takes it.
import { z } from 'zod';
import { IsoTime } from '../common';
import { MAX_CART_ITEMS } from './catalog';
import { CartItem } from './orders';

/** PUT /api/v1/cart: the whole cart (an empty list empties it). */
export const PutCartRequest = z
  .object({
    items: z
      .array(CartItem, { error: "required: the cart's lines ([] for an empty cart)" })
      .max(MAX_CART_ITEMS, `at most ${MAX_CART_ITEMS} items`),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.items.forEach((item, i) => {
      if (seen.has(item.productId))
        ctx.addIssue({
          code: 'custom',
          path: ['items', i, 'productId'],
          message: 'duplicated product: merge the quantities',
        });
      seen.add(item.productId);
    });
  })
  .describe(
    'The whole cart, replacing what is stored. Each productId appears once. Prices and vendors come from the catalog at checkout',
  );
export type PutCartRequest = z.infer<typeof PutCartRequest>;

/** GET, PUT /api/v1/cart */
export const Cart = z
  .object({
    items: z.array(CartItem),
    etag: z
      .string()
      .nullable()
      .describe('The same value as the ETag header (unquoted); send it back in If-Match. null: no cart is stored'),
    updatedAt: IsoTime.nullable(),
    expiresAt: IsoTime.nullable().describe(
      'Unless written again, the cart is dropped then (CART_TTL_SECONDS after the last write)',
    ),
  })
  .describe("The customer's cart; no cart stored reads as an empty one");
export type Cart = z.infer<typeof Cart>;
