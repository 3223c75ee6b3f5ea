// What a checkout buys: the cartItems it was sent, or else the customer's stored cart (whose
// revision the order records, so the cart is cleared once the order is placed).
import type { CheckoutRequest } from '@saga/contracts';
import { validationError } from '@saga/runtime';
import type { CartStore } from './cart-store';

export interface CheckoutCart {
  cartItems: NonNullable<CheckoutRequest['cartItems']>;
  /** Set when the stored cart was taken. */
  cartRevision?: string;
}

export async function checkoutCart(
  request: CheckoutRequest,
  customerId: string,
  carts: CartStore,
): Promise<CheckoutCart> {
  if (request.cartItems) return { cartItems: request.cartItems };
  const stored = await carts.read(customerId);
  if (!stored?.cart.items.length)
    throw validationError([
      { name: 'cartItems', reason: 'the cart is empty: send cartItems, or PUT /api/v1/cart first' },
    ]);
  return { cartItems: stored.cart.items, cartRevision: stored.cart.revision };
}
