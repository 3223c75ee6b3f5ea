import type { Queryable } from '@saga/runtime';

/**
 * Locks the products an order's hold names, in product id order. Every path that locks several
 * products takes them in this order (the hold itself does), so a sale or a release never deadlocks
 * with a checkout holding the same products. An UPDATE ... FROM hold_items alone would lock them
 * in whatever order its join produces.
 */
export function lockHeldProducts(tx: Queryable, orderReference: string): Promise<void> {
  return tx.send(
    'select 1 from products where product_id in (select product_id from hold_items where order_reference = ?) order by product_id for update',
    [orderReference],
  );
}
