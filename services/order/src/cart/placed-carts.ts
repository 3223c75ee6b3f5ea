// Which carts became placed orders: the link between the state store's cart and the orders table
// (the revision a checkout took), for the lazy clearing in cart-store.ts and the eager one after
// placement.
import type { Logger, Queryable } from '@saga/runtime';
import type { CartStore } from './cart-store';

export async function isPlacedRevision(db: Queryable, customerId: string, revision: string): Promise<boolean> {
  const rows = await db.query('select 1 from orders where customer_id = ? and cart_revision = ? and placed_at is not null limit 1', [customerId, revision]);
  return rows.length > 0;
}

/**
 * Right after an order is placed: its cart goes, unless the customer wrote it since. Best effort:
 * if the store cannot be reached now, the cart is dropped the next time it is read.
 */
export function clearCartOfPlacedOrder(db: Queryable, carts: CartStore, logger: Logger) {
  return async (orderId: string): Promise<void> => {
    try {
      const [order] = await db.query<{ customer_id: string; cart_revision: string | null }>('select customer_id, cart_revision from orders where order_id = ?', [orderId]);
      if (order?.cart_revision) await carts.clearCheckedOut(order.customer_id, order.cart_revision);
    } catch (err) {
      logger.warn({ orderId, err: (err as Error).message }, 'could not clear the cart of a placed order now; it is cleared when next read');
    }
  };
}
