// Finding an order by the reference other services send back (payments' events carry our order id
// as a string). Order ids are uuids and are compared as uuids, so the lookup is an index scan of
// the primary key; compared as text (`order_id::text = ?`) it read the whole table every time. A
// reference that is not a uuid names no order: answered as such here, since PostgreSQL would refuse
// to compare it with the column (22P02) and the event would be retried until dead-lettered.
import type { Queryable } from '@saga/runtime';
import { isOrderId } from './order-view';

/** The id of the order the reference names, if there is one. */
export async function findOrderId(q: Queryable, reference: string): Promise<string | undefined> {
  if (!isOrderId(reference)) return undefined;
  const [row] = await q.query<{ order_id: string }>('select order_id from orders where order_id = ?', [reference]);
  return row?.order_id;
}
