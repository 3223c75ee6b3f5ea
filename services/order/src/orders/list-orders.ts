// A page of one customer's or one vendor's orders, newest first. Keyset pagination on
// (created_at, order_id): a page costs an index range scan however deep it is, and orders created
// meanwhile never shift the next page. The cursor carries the last row's key, created_at as
// PostgreSQL's own text (microseconds: a JavaScript Date would lose them and skip rows).
import type { OrderList, OrderListQuery } from '@saga/contracts';
import { type Queryable, validationError } from '@saga/runtime';
import { type OrderOwner, listOrderPage } from '../repositories/order-list';
import { isOrderId } from '../repositories/order-rows';
import { type OrderViewOptions, toOrder } from './order-view';

/** timestamptz as PostgreSQL prints it: `2025-11-25 13:32:10.530123+00`. */
const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

export async function listOrders(
  db: Queryable,
  owner: OrderOwner,
  query: OrderListQuery,
  view: OrderViewOptions,
): Promise<OrderList> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const rows = await listOrderPage(db, owner, { status: query.status, after, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    orders: page.map((row) => toOrder(row, view)),
    ...(rows.length > query.limit && last ? { next: encodeCursor(last.created_key, last.order_id) } : {}),
  };
}

function encodeCursor(createdAt: string, orderId: string): string {
  return Buffer.from(`${createdAt}|${orderId}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; orderId: string } {
  const [createdAt, orderId, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (extra !== undefined || !orderId || !isOrderId(orderId) || !createdAt || !PG_TIMESTAMPTZ.test(createdAt)) {
    throw validationError([
      { name: 'cursor', reason: 'not a cursor this API gave out (pass the `next` of the previous page)' },
    ]);
  }
  return { createdAt, orderId };
}
