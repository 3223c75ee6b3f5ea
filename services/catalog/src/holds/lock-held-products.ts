import { ANY_OF_JSON_ARRAY, type Queryable } from '@saga/runtime';

/**
 * Locks the products that the given holds name, in product id order. Every path that locks several
 * products takes them in this order (the hold itself does), so a sale, a release or the expiry
 * sweep never deadlocks with a checkout holding the same products. An UPDATE ... FROM hold_items
 * alone would lock them in whatever order its join produces, and a sweep closing holds one after
 * the other would lock them hold by hold.
 */
export function lockHeldProducts(tx: Queryable, orderReferences: string[]): Promise<void> {
  return tx.send(
    `select 1 from products where product_id in (select product_id from hold_items where order_reference = ${ANY_OF_JSON_ARRAY})
      order by product_id for update`,
    [JSON.stringify(orderReferences)],
  );
}
