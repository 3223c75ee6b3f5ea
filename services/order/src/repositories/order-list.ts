// A page of one customer's or one vendor's orders, newest first, by keyset on (created_at, order_id):
// a page costs an index range scan however deep it is (orders_customer_idx, orders_vendor_idx).
import type { OrderStatus } from '@saga/contracts';
import type { Queryable } from '@saga/runtime';
import { type ListedOrderRow, ORDER_COLUMNS, toListedOrderRow } from './order-rows';

export type OrderOwner = { customerId: string } | { vendorId: string };

export interface OrderPageQuery {
  status?: OrderStatus;
  /** The last row of the previous page: its created_at as PostgreSQL's text, and its id. */
  after?: { createdAt: string; orderId: string };
  limit: number;
}

const pageOf = (column: 'customer_id' | 'vendor_id') =>
  `select ${ORDER_COLUMNS}, created_at::text as created_key from orders
    where ${column} = $1 and ($2::text is null or status = $2)
      and ($3::timestamptz is null or (created_at, order_id) < ($3::timestamptz, $4::uuid))
    order by created_at desc, order_id desc limit $5`;
const BY_CUSTOMER = pageOf('customer_id');
const BY_VENDOR = pageOf('vendor_id');

/** Up to `limit` orders of the owner after the cursor's row, newest first. */
export async function listOrderPage(q: Queryable, owner: OrderOwner, page: OrderPageQuery): Promise<ListedOrderRow[]> {
  const [sql, id] = 'customerId' in owner ? [BY_CUSTOMER, owner.customerId] : [BY_VENDOR, owner.vendorId];
  const rows = await q.query(sql, [
    id,
    page.status ?? null,
    page.after?.createdAt ?? null,
    page.after?.orderId ?? null,
    page.limit,
  ]);
  return rows.map(toListedOrderRow);
}
