// Which carts became placed orders: the link between the state store's cart and the orders table
// (the revision a checkout took), for the lazy clearing in cart-store.ts and the eager one after
// placement.
import type { Logger, Queryable } from '@saga/runtime';
import { cartOfOrder } from '../repositories/placed-cart-repository';
import type { CartStore } from './cart-store';

export { isPlacedRevision } from '../repositories/placed-cart-repository';

/**
 * Right after an order is placed: its cart goes, unless the customer wrote it since. Best effort:
 * if the store cannot be reached now, the cart is dropped the next time it is read.
 */
export function clearCartOfPlacedOrder(db: Queryable, carts: CartStore, logger: Logger) {
  return async (orderId: string): Promise<void> => {
    try {
      const order = await cartOfOrder(db, orderId);
      if (order?.cart_revision) await carts.clearCheckedOut(order.customer_id, order.cart_revision);
    } catch (err) {
      logger.warn(
        { orderId, err: (err as Error).message },
        'could not clear the cart of a placed order now; it is cleared when next read',
      );
    }
  };
}
