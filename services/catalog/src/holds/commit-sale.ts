// Turns an order's hold into a sale: the held units leave `reserved` and `stock` together.
// Idempotent (a SOLD hold stays sold). A hold that lapsed before the payment landed is sold from
// whatever stock is still free; if that is not enough, nothing changes and the shortfall is
// reported so the order can be cancelled and refunded: stock is never oversold.
import type { Queryable } from '@saga/runtime';
import { lockHeldProducts } from './lock-held-products';

export type SaleOutcome =
  | { status: 'SOLD'; fromFreeStock: boolean }
  | { status: 'SHORTFALL'; unavailableItems: Array<{ productId: string; requested: number; available: number }> }
  | { status: 'NOT_FOUND' };

export async function commitSale(tx: Queryable, orderReference: string): Promise<SaleOutcome> {
  const [hold] = await tx.query<{ status: string }>('select status from holds where order_reference = ? for update', [orderReference]);
  if (!hold) return { status: 'NOT_FOUND' };
  if (hold.status === 'SOLD') return { status: 'SOLD', fromFreeStock: false };
  if (hold.status === 'HELD') {
    await lockHeldProducts(tx, [orderReference]);
    await tx.send(
      `update products p set stock = p.stock - hi.quantity, reserved = p.reserved - hi.quantity, updated_at = now()
         from hold_items hi where hi.order_reference = ? and hi.product_id = p.product_id`,
      [orderReference],
    );
    await tx.send(`update holds set status = 'SOLD', updated_at = now() where order_reference = ?`, [orderReference]);
    return { status: 'SOLD', fromFreeStock: false };
  }
  const items = await tx.query<{ product_id: string; quantity: number; free: number }>(
    `select hi.product_id, hi.quantity, p.stock - p.reserved as free
       from hold_items hi join products p using (product_id) where hi.order_reference = ? order by hi.product_id for update of p`,
    [orderReference],
  );
  const short = items.filter((i) => i.free < i.quantity);
  if (short.length) {
    return { status: 'SHORTFALL', unavailableItems: short.map((i) => ({ productId: i.product_id, requested: i.quantity, available: Math.max(0, i.free) })) };
  }
  for (const item of items) {
    await tx.send('update products set stock = stock - ?, updated_at = now() where product_id = ?', [item.quantity, item.product_id]);
  }
  await tx.send(`update holds set status = 'SOLD', reason = 'sold after the hold lapsed', updated_at = now() where order_reference = ?`, [orderReference]);
  return { status: 'SOLD', fromFreeStock: true };
}
