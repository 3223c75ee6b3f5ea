// Finding an order by the reference other services send back (payments' events carry our order id
// as a string). Order ids are uuids and are compared as uuids, so the lookup is an index scan of
// the primary key; compared as text (`order_id::text = ?`) it read the whole table every time. A
// reference that is not a uuid names no order: answered as such here, since PostgreSQL would refuse
// to compare it with the column (22P02) and the event would be retried until dead-lettered.
import type { Queryable } from '@saga/runtime';
import type { OrderFacts } from '../order-state/decide';
import { type OrderRow, isOrderId } from './order-view';

/** The order as decide() needs to know it, with its id. */
export type ReferencedOrder = OrderFacts & Pick<OrderRow, 'order_id'>;

/** The order the reference names, if there is one; `lock`: FOR UPDATE, when the caller may change its status. */
export async function findOrder(q: Queryable, reference: string, options: { lock?: boolean } = {}): Promise<ReferencedOrder | undefined> {
  if (!isOrderId(reference)) return undefined;
  const [row] = await q.query<ReferencedOrder>(
    `select order_id, status, payment_id, amount_paise, currency from orders where order_id = ?${options.lock ? ' for update' : ''}`,
    [reference],
  );
  return row;
}
