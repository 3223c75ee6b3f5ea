// Ends a hold and gives its stock back. Idempotent: only a HELD hold changes, once.
import type { Queryable } from '@saga/runtime';
import { lockHeldProducts } from './lock-held-products';

export type ClosedStatus = 'RELEASED' | 'EXPIRED';

export async function closeHold(tx: Queryable, orderReference: string, status: ClosedStatus, reason: string): Promise<boolean> {
  const closed = await tx.query(
    `update holds set status = ?, reason = ?, updated_at = now() where order_reference = ? and status = 'HELD' returning order_reference`,
    [status, reason, orderReference],
  );
  if (!closed.length) return false;
  await lockHeldProducts(tx, [orderReference]);
  await tx.send(
    `update products p set reserved = p.reserved - hi.quantity, updated_at = now()
       from hold_items hi where hi.order_reference = ? and hi.product_id = p.product_id`,
    [orderReference],
  );
  return true;
}
