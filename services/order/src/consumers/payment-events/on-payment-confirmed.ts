// Steps 12 to 14: a confirmed payment places the order exactly once.
//   1. CHECKOUT -> CONFIRMING_PAYMENT (so the expiry sweep can no longer take the order), in one
//      statement when the order is in CHECKOUT and the amount matches, else under the row's lock;
//   2. the catalog commits the sale of the held stock (idempotent call, no transaction open);
//   3. CONFIRMING_PAYMENT -> PENDING_VENDOR_ACCEPTANCE with OrderPlaced, in one transaction with
//      the inbox record and the outbox; or, when the stock is gone, CANCELLED with RefundRequested.
// A payment for an order that can no longer be placed (expired, cancelled), or a second payment
// for a placed one, is refunded: every captured payment ends in one placed order or one refund.
import { OrderPlaced, type PaymentConfirmedPayload, TOPICS } from '@saga/contracts';
import { type Emitter, type Logger, type Outbox, type Queryable, type TypedEvent, claimInbox, jsonValue, newEvent } from '@saga/runtime';
import type { Counter } from 'prom-client';
import type { CatalogClient } from '../../clients/catalog-client';
import { changeWithSteps, recordStep, sendChangeWithSteps } from '../../orders/timeline';

export const PAYMENT_CONFIRMED_CONSUMER = 'order.payment-confirmed';

type Payment = ReturnType<typeof PaymentConfirmedPayload.parse>;
// The inbox row is claimed by hand here, not with oncePerEvent: the sale is committed between two
// transactions, and the claim shares its round trip with the order's lock (pipelined, hot path).

interface OrderRow {
  order_id: string;
  customer_id: string;
  vendor_id: string;
  status: string;
  amount_paise: string;
  currency: 'INR';
  items: unknown;
  payment_id: string | null;
}

// Named columns, not `*`: the statement can then be prepared (see the runtime's database.ts).
const ORDER_ROW_COLUMNS = 'order_id, customer_id, vendor_id, status, amount_paise, currency, items, payment_id';

export interface ConfirmDeps {
  db: Queryable;
  outbox: Outbox;
  catalog: CatalogClient;
  logger: Logger;
  outcomes: Counter<'outcome'>;
  /** After the commit that placed an order (the cart it was checked out from is cleared). */
  afterPlaced?: (orderId: string) => Promise<void>;
}

export function onPaymentConfirmed(deps: ConfirmDeps) {
  return async (event: TypedEvent<'payment-events', 'PaymentConfirmed'>) => {
    const payment = event.data.payload;
    const claimed = (await startConfirming(deps.db, payment)) ? 'CONFIRMING_PAYMENT' : await deps.outbox.transaction((tx) => claimForConfirmation(tx, payment));
    if (claimed === 'UNKNOWN') {
      deps.logger.error({ orderId: payment.orderReference, paymentId: payment.paymentId }, 'payment confirmed for an unknown order');
      deps.outcomes.inc({ outcome: 'unknown_order' });
      return;
    }
    const sale = claimed === 'CONFIRMING_PAYMENT' ? await deps.catalog.commitSale(payment.orderReference) : undefined;
    const placed = await deps.outbox.transaction(async (tx, out) => {
      // Once per event (inbox), the order locked in the same round trip (pipelined).
      const [fresh, order] = await Promise.all([claimInbox(tx, PAYMENT_CONFIRMED_CONSUMER, event.data.eventId), lockOrder(tx, payment.orderReference)]);
      if (!fresh || !order) return undefined;
      const outcome = await settle(tx, out, order, payment, sale?.status);
      deps.outcomes.inc({ outcome });
      if (outcome !== 'placed' && outcome !== 'duplicate') deps.logger.warn({ orderId: order.order_id, paymentId: payment.paymentId, outcome }, 'payment will be refunded');
      return outcome === 'placed' ? order.order_id : undefined;
    });
    if (placed) await deps.afterPlaced?.(placed);
  };
}

/**
 * The usual case in one statement, no transaction: an order in CHECKOUT whose amount matches moves
 * to CONFIRMING_PAYMENT (the condition is checked by the UPDATE under the row's lock). Any other
 * case, and a malformed id, goes the locked way below, which says what the order is instead.
 */
async function startConfirming(db: Queryable, payment: Payment): Promise<boolean> {
  if (!isOrderId(payment.orderReference)) return false;
  return changeWithSteps(
    db,
    `update orders set status = 'CONFIRMING_PAYMENT', payment_id = ?, updated_at = now()
     where order_id = ? and status = 'CHECKOUT' and amount_paise = ? and currency = ?`,
    [payment.paymentId, payment.orderReference, payment.amount, payment.currency],
    [['PAYMENT_CONFIRMED', { paymentId: payment.paymentId, method: payment.method }]],
  );
}

async function claimForConfirmation(tx: Queryable, payment: Payment): Promise<string> {
  const order = await lockOrder(tx, payment.orderReference);
  if (!order) return 'UNKNOWN';
  if (order.status !== 'CHECKOUT') return order.status;
  if (Number(order.amount_paise) !== payment.amount || order.currency !== payment.currency) return 'AMOUNT_MISMATCH';
  // Under the lock the one transition's conditions hold: the same statement makes it.
  return (await startConfirming(tx, payment)) ? 'CONFIRMING_PAYMENT' : order.status;
}

async function settle(tx: Queryable, out: Emitter, order: OrderRow, payment: Payment, sale: 'SOLD' | 'SHORTFALL' | undefined): Promise<string> {
  if (order.status === 'CONFIRMING_PAYMENT' && order.payment_id === payment.paymentId) {
    if (sale === 'SOLD') return place(tx, out, order, payment);
    if (sale === 'SHORTFALL') return cancelAndRefund(tx, out, order, payment, 'the held stock lapsed and is no longer available');
    return 'duplicate'; // another delivery of this payment is still committing the sale
  }
  if (order.status === 'PENDING_VENDOR_ACCEPTANCE' && order.payment_id === payment.paymentId) return 'duplicate';
  if (order.status === 'CANCELLED' && order.payment_id === payment.paymentId) return 'duplicate';
  if (order.status === 'PENDING_VENDOR_ACCEPTANCE' || order.status === 'CONFIRMING_PAYMENT') {
    await requestRefund(tx, out, order, payment, 'a second payment for an order that was already paid');
    return 'second_payment';
  }
  if (order.status === 'CHECKOUT') return cancelAndRefund(tx, out, order, payment, 'the paid amount differs from the order');
  return cancelAndRefund(tx, out, order, payment, `payment arrived after the order was ${order.status.toLowerCase()}`);
}

async function place(tx: Queryable, out: Emitter, order: OrderRow, payment: Payment): Promise<string> {
  const placedAt = new Date().toISOString();
  await sendChangeWithSteps(tx, `update orders set status = 'PENDING_VENDOR_ACCEPTANCE', status_reason = null, placed_at = now(), updated_at = now() where order_id = ?`, [order.order_id], [
    ['ORDER_PLACED', {}],
  ]);
  const event = newEvent('OrderPlaced', {
    orderId: order.order_id,
    customerId: order.customer_id,
    vendorId: order.vendor_id,
    items: jsonValue(order.items) as OrderPlaced['payload']['items'],
    amount: Number(order.amount_paise),
    currency: order.currency,
    paymentId: payment.paymentId,
    placedAt,
  });
  await out.emit(TOPICS.orderEvents, OrderPlaced.parse(event));
  return 'placed';
}

async function cancelAndRefund(tx: Queryable, out: Emitter, order: OrderRow, payment: Payment, reason: string): Promise<string> {
  await tx.send(`update orders set status = 'CANCELLED', status_reason = ?, payment_id = ?, updated_at = now() where order_id = ?`, [reason, payment.paymentId, order.order_id]);
  await recordStep(tx, order.order_id, 'CANCELLED', { reason });
  await out.emit(TOPICS.orderEvents, newEvent('OrderCancelled', { orderId: order.order_id, reason, cancelledAt: new Date().toISOString() }));
  await requestRefund(tx, out, order, payment, reason);
  return 'refunded';
}

async function requestRefund(tx: Queryable, out: Emitter, order: OrderRow, payment: Payment, reason: string): Promise<void> {
  await recordStep(tx, order.order_id, 'REFUND_REQUESTED', { paymentId: payment.paymentId, reason });
  await out.emit(
    TOPICS.orderEvents,
    newEvent('RefundRequested', { orderId: order.order_id, paymentId: payment.paymentId, amount: payment.amount, currency: payment.currency, reason }),
  );
}

function isOrderId(id: string): boolean {
  return /^[0-9a-f-]{36}$/i.test(id);
}

async function lockOrder(tx: Queryable, orderId: string): Promise<OrderRow | undefined> {
  if (!isOrderId(orderId)) return undefined;
  const [row] = await tx.query<OrderRow>(`select ${ORDER_ROW_COLUMNS} from orders where order_id = ? for update`, [orderId]);
  return row;
}
