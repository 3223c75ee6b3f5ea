// The Order aggregate's statements on `orders` (its timeline rows in order-timeline.ts, the
// expiry sweep's in checkout-expiry-repository.ts). A method that must run in the caller's
// transaction takes its Queryable first; every status change is conditional on the status the
// caller's decide() saw, so a race changes nothing instead of something wrong.
//
// The saga's statements (checkout, confirmation, placement) are hand-written SQL: when the hot
// path went through MikroORM/knex per statement a saga cost about 55 ms of CPU, on a plain pg pool
// about 38 ms (16 customers; BENCHMARKS.md as of commit 25d6c19, "Done while measuring").
import type { OrderStatus } from '@saga/contracts';
import type { Database, Queryable } from '@saga/runtime';
import { Order } from '../db/entities';
import {
  CONFIRMING_ORDER_COLUMNS,
  type ConfirmingOrder,
  ORDER_COLUMNS,
  type OrderParties,
  type OrderRow,
  REFERENCED_ORDER_COLUMNS,
  type ReferencedOrder,
  fromOrderEntity,
  isOrderId,
  toConfirmingOrder,
  toOrderParties,
  toOrderRow,
  toReferencedOrder,
} from './order-rows';
import { type Step, changeWithSteps, sendChangeWithSteps } from './order-timeline';

export interface NewCheckout {
  orderId: string;
  customerId: string;
  vendorId: string;
  amountPaise: number;
  currency: string;
  items: unknown[];
  expiresAt: string;
  cartRevision: string | null;
}

export interface ConfirmedPayment {
  paymentId: string;
  amount: number;
  currency: string;
}

const WAITING = `status = 'PENDING_VENDOR_ACCEPTANCE'`;

/** The order in CHECKOUT with its first timeline rows; one statement, so it commits on its own. */
export function insertCheckout(q: Queryable, order: NewCheckout, steps: Step[]): Promise<void> {
  // Hand-written, hot (checkout): ORM per statement cost 55 -> 38 ms CPU per saga (BENCHMARKS.md@25d6c19).
  return sendChangeWithSteps(
    q,
    `insert into orders (order_id, customer_id, vendor_id, status, amount_paise, currency, items, expires_at, cart_revision)
     values ($1, $2, $3, 'CHECKOUT', $4, $5, $6, $7, $8)`,
    [
      order.orderId,
      order.customerId,
      order.vendorId,
      order.amountPaise,
      order.currency,
      JSON.stringify(order.items),
      order.expiresAt,
      order.cartRevision,
    ],
    steps,
  );
}

/** The Razorpay order the payment intent created. */
export function recordPaymentIntent(
  q: Queryable,
  orderId: string,
  paymentProviderOrderId: string,
  steps: Step[],
): Promise<void> {
  // Hand-written, hot (checkout): ORM per statement cost 55 -> 38 ms CPU per saga (BENCHMARKS.md@25d6c19).
  return sendChangeWithSteps(
    q,
    `update orders set provider_order_id = $1, updated_at = now() where order_id = $2`,
    [paymentProviderOrderId, orderId],
    steps,
  );
}

/** No payment intent could be created: PAYMENT_FAILED with the reason, if still in CHECKOUT. */
export async function markPaymentIntentFailed(tx: Queryable, orderId: string, reason: string): Promise<void> {
  await tx.query(
    `update orders set status = 'PAYMENT_FAILED', status_reason = $1, updated_at = now() where order_id = $2 and status = 'CHECKOUT'`,
    [reason, orderId],
  );
}

/**
 * CHECKOUT -> CONFIRMING_PAYMENT when the order is in CHECKOUT and the payment's amount matches
 * (checked under the row's lock), with its timeline rows; resolves whether it changed the order.
 */
export function startConfirmingPayment(
  q: Queryable,
  orderId: string,
  payment: ConfirmedPayment,
  steps: Step[],
): Promise<boolean> {
  // Hand-written, hot (confirmation): ORM per statement cost 55 -> 38 ms CPU per saga (BENCHMARKS.md@25d6c19).
  return changeWithSteps(
    q,
    `update orders set status = 'CONFIRMING_PAYMENT', payment_id = $1, updated_at = now()
     where order_id = $2 and status = 'CHECKOUT' and amount_paise = $3 and currency = $4`,
    [payment.paymentId, orderId, payment.amount, payment.currency],
    steps,
  );
}

/** The order a payment confirms, locked (FOR UPDATE) until the caller's transaction ends. */
export async function lockForConfirmation(tx: Queryable, orderId: string): Promise<ConfirmingOrder | undefined> {
  // Hand-written, hot (confirmation): ORM per statement cost 55 -> 38 ms CPU per saga (BENCHMARKS.md@25d6c19).
  const [row] = await tx.query(`select ${CONFIRMING_ORDER_COLUMNS} from orders where order_id = $1 for update`, [
    orderId,
  ]);
  return row ? toConfirmingOrder(row) : undefined;
}

/** PENDING_VENDOR_ACCEPTANCE, placed now; for an order the caller has locked. */
export function placeOrder(tx: Queryable, orderId: string, steps: Step[]): Promise<void> {
  // Hand-written, hot (placement): ORM per statement cost 55 -> 38 ms CPU per saga (BENCHMARKS.md@25d6c19).
  return sendChangeWithSteps(
    tx,
    `update orders set status = 'PENDING_VENDOR_ACCEPTANCE', status_reason = null, placed_at = now(), updated_at = now() where order_id = $1`,
    [orderId],
    steps,
  );
}

/** CANCELLED with the reason and the payment that is to be refunded; for an order the caller has locked. */
export async function cancelConfirmed(
  tx: Queryable,
  orderId: string,
  reason: string,
  paymentId: string,
): Promise<void> {
  await tx.send(
    `update orders set status = 'CANCELLED', status_reason = $1, payment_id = $2, updated_at = now() where order_id = $3`,
    [reason, paymentId, orderId],
  );
}

/**
 * The order a reference from another service names, if there is one (a reference that is not a
 * uuid names none); `lock`: FOR UPDATE, when the caller may change its status. Looked up by the
 * primary key: compared as text it read the whole table every time.
 */
export async function findByReference(
  q: Queryable,
  reference: string,
  options: { lock?: boolean } = {},
): Promise<ReferencedOrder | undefined> {
  if (!isOrderId(reference)) return undefined;
  const [row] = await q.query(
    `select ${REFERENCED_ORDER_COLUMNS} from orders where order_id = $1${options.lock ? ' for update' : ''}`,
    [reference],
  );
  return row ? toReferencedOrder(row) : undefined;
}

/** `from` -> `to` with the reason and its timeline rows, only if the order is still in `from`. */
export function changeStatus(
  q: Queryable,
  orderId: string,
  change: { from: OrderStatus; to: OrderStatus; reason: string },
  steps: Step[],
): Promise<boolean> {
  return changeWithSteps(
    q,
    `update orders set status = $1, status_reason = $2, updated_at = now() where order_id = $3 and status = $4`,
    [change.to, change.reason, orderId, change.from],
    steps,
  );
}

/** Timeline rows about an order whose state stays; written only if the order exists. */
export function noteOnTimeline(q: Queryable, orderId: string, steps: Step[]): Promise<boolean> {
  return changeWithSteps(q, `update orders set updated_at = updated_at where order_id = $1`, [orderId], steps);
}

/** Who hears of the order, and its status. */
export async function partiesOf(q: Queryable, orderId: string): Promise<OrderParties | undefined> {
  const [row] = await q.query('select customer_id, vendor_id, status from orders where order_id = $1', [orderId]);
  return row ? toOrderParties(row) : undefined;
}

/**
 * The order view's read (GET order, the payment callback): the EntityManager's, a lookup by key off
 * the saga's path. Committed state only; inside a transaction use findOrderById with its Queryable.
 */
export async function readOrder(db: Database, orderId: string): Promise<OrderRow | undefined> {
  if (!isOrderId(orderId)) return undefined;
  const order = await db.em().findOne(Order, { orderId });
  return order ? fromOrderEntity(order) : undefined;
}

/** The whole order, if the id names one, as the caller's transaction sees it. */
export async function findOrderById(q: Queryable, orderId: string): Promise<OrderRow | undefined> {
  if (!isOrderId(orderId)) return undefined;
  const [row] = await q.query(`select ${ORDER_COLUMNS} from orders where order_id = $1`, [orderId]);
  return row ? toOrderRow(row) : undefined;
}

/** The whole order, locked (FOR UPDATE) for a vendor's answer. */
export async function lockForAnswer(tx: Queryable, orderId: string): Promise<OrderRow | undefined> {
  if (!isOrderId(orderId)) return undefined;
  const [row] = await tx.query(`select ${ORDER_COLUMNS} from orders where order_id = $1 for update`, [orderId]);
  return row ? toOrderRow(row) : undefined;
}

/**
 * Up to `limit` orders whose vendor has not answered within `timeoutSeconds` of placement, oldest
 * first, locked; SKIP LOCKED leaves a row a vendor's answer holds to that answer.
 */
export async function lockUnansweredOrders(tx: Queryable, timeoutSeconds: number, limit: number): Promise<OrderRow[]> {
  const rows = await tx.query(
    `select ${ORDER_COLUMNS} from orders where ${WAITING} and placed_at <= now() - make_interval(secs => $1)
      order by placed_at limit $2 for update skip locked`,
    [timeoutSeconds, limit],
  );
  return rows.map(toOrderRow);
}

/** PENDING_VENDOR_ACCEPTANCE -> ACCEPTED with its timeline rows; resolves whether the order was waiting. */
export function acceptWaitingOrder(tx: Queryable, orderId: string, steps: Step[]): Promise<boolean> {
  return changeWithSteps(
    tx,
    `update orders set status = 'ACCEPTED', status_reason = null, answered_at = now(), updated_at = now() where order_id = $1 and ${WAITING}`,
    [orderId],
    steps,
  );
}

/** PENDING_VENDOR_ACCEPTANCE -> REJECTED with the reason and its timeline rows; resolves whether the order was waiting. */
export function rejectWaitingOrder(tx: Queryable, orderId: string, reason: string, steps: Step[]): Promise<boolean> {
  return changeWithSteps(
    tx,
    `update orders set status = 'REJECTED', status_reason = $1, answered_at = now(), updated_at = now() where order_id = $2 and ${WAITING}`,
    [reason, orderId],
    steps,
  );
}
