// Which carts became placed orders: the cart revision a checkout took, recorded on its order.
import type { Queryable } from '@saga/runtime';
import { type OrderCartLink, toOrderCartLink } from './order-rows';

/** Whether this revision of the customer's cart became an order that has been placed. */
export async function isPlacedRevision(q: Queryable, customerId: string, revision: string): Promise<boolean> {
  const rows = await q.query(
    'select 1 from orders where customer_id = $1 and cart_revision = $2 and placed_at is not null limit 1',
    [customerId, revision],
  );
  return rows.length > 0;
}

/** The customer and cart revision an order was checked out from. */
export async function cartOfOrder(q: Queryable, orderId: string): Promise<OrderCartLink | undefined> {
  const [row] = await q.query('select customer_id, cart_revision from orders where order_id = $1', [orderId]);
  return row ? toOrderCartLink(row) : undefined;
}
