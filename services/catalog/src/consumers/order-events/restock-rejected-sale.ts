// A rejected order gives back the stock its sale took. Idempotent by state, not only by inbox: the
// sale is marked restocked_at in the same statement that claims it, so a redelivered or replayed
// OrderRejected (a new event id, or an inbox row pruned by retention) finds nothing left to restock.
import type { Queryable } from '@saga/runtime';
import { lockHeldProducts } from '../../holds/lock-held-products';

export async function restockRejectedSale(tx: Queryable, orderReference: string): Promise<boolean> {
  const claimed = await tx.query(
    `update holds set restocked_at = now(), updated_at = now()
       where order_reference = ? and status = 'SOLD' and restocked_at is null returning order_reference`,
    [orderReference],
  );
  if (!claimed.length) return false; // never sold here (unknown order, or a hold that was released), or restocked already
  await lockHeldProducts(tx, [orderReference]);
  await tx.send(
    `update products p set stock = p.stock + hi.quantity, updated_at = now()
       from hold_items hi where hi.order_reference = ? and hi.product_id = p.product_id`,
    [orderReference],
  );
  return true;
}
