// Steps 12 to 14: a confirmed payment places the order exactly once.
//   1. CHECKOUT -> CONFIRMING_PAYMENT (so the expiry sweep can no longer take the order), in one
//      statement when the order is in CHECKOUT and the amount matches, else under the row's lock;
//   2. the catalog commits the sale of the held stock (idempotent call, no transaction open);
//   3. CONFIRMING_PAYMENT -> PENDING_VENDOR_ACCEPTANCE with OrderPlaced, in one transaction with
//      the inbox record and the outbox; or, when the stock is gone, CANCELLED with RefundRequested.
// A payment for an order that can no longer be placed (expired, cancelled), or a second payment
// for a placed one, is refunded: every captured payment ends in one placed order or one refund.
// Which of these happens is decide()'s answer (order-state/decide.ts); this file applies it.
import { OrderPlaced, type PaymentConfirmedPayload, TOPICS } from '@saga/contracts';
import {
  type Emitter,
  type Logger,
  type Outbox,
  type Queryable,
  type TypedEvent,
  claimInbox,
  newEvent,
} from '@saga/runtime';
import type { Counter } from 'prom-client';
import type { CatalogClient } from '../../clients/catalog-client';
import { type OrderEvent, type Transition, decide } from '../../order-state/decide';
import {
  cancelConfirmed,
  lockForConfirmation,
  placeOrder,
  startConfirmingPayment,
} from '../../repositories/order-repository';
import type { ConfirmingOrder, OrderRow } from '../../repositories/order-rows';
import { type Step, recordSteps } from '../../repositories/order-timeline';

export const PAYMENT_CONFIRMED_CONSUMER = 'order.payment-confirmed';

type Payment = ReturnType<typeof PaymentConfirmedPayload.parse>;
// The inbox row is claimed by hand here, not with oncePerEvent: the sale is committed between two
// transactions, and the claim shares its round trip with the order's lock (pipelined, hot path).

/** What the first step left: no such order; the order confirming a payment (the sale is committed next); or the order as it was. */
type Claim = { kind: 'unknown-order' } | { kind: 'confirming' } | { kind: 'unchanged'; status: OrderRow['status'] };

/** The outcomes counted (order_payment_confirmations_total{outcome}). */
type Outcome = 'placed' | 'duplicate' | 'second_payment' | 'refunded';

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
    const claimed: Claim = (await startConfirming(deps.db, payment))
      ? { kind: 'confirming' }
      : await deps.outbox.transaction((tx) => claimForConfirmation(tx, payment));
    if (claimed.kind === 'unknown-order') {
      deps.logger.error(
        { orderId: payment.orderReference, paymentId: payment.paymentId },
        'payment confirmed for an unknown order',
      );
      deps.outcomes.inc({ outcome: 'unknown_order' });
      return;
    }
    const sale = claimed.kind === 'confirming' ? await deps.catalog.commitSale(payment.orderReference) : undefined;
    const placed = await deps.outbox.transaction(async (tx, out) => {
      // Once per event (inbox), the order locked in the same round trip (pipelined).
      const [fresh, order] = await Promise.all([
        claimInbox(tx, PAYMENT_CONFIRMED_CONSUMER, event.data.eventId),
        lockOrder(tx, payment.orderReference),
      ]);
      if (!fresh || !order) return undefined;
      const outcome = await settle(tx, out, order, payment, sale?.status);
      deps.outcomes.inc({ outcome });
      if (outcome !== 'placed' && outcome !== 'duplicate')
        deps.logger.warn(
          { orderId: order.order_id, paymentId: payment.paymentId, outcome },
          'payment will be refunded',
        );
      return outcome === 'placed' ? order.order_id : undefined;
    });
    if (placed) await deps.afterPlaced?.(placed);
  };
}

const confirmation = (payment: Payment, sale?: 'SOLD' | 'SHORTFALL'): OrderEvent => ({
  type: 'PaymentConfirmed',
  paymentId: payment.paymentId,
  amount: payment.amount,
  currency: payment.currency,
  method: payment.method,
  sale,
});

/**
 * The usual case in one statement, no transaction: decide()'s answer for an order in CHECKOUT whose
 * amount matches, applied by an UPDATE whose condition is exactly that (checked under the row's
 * lock), so it changes nothing when the order is anything else. Any other case, and a malformed
 * id, goes the locked way below, which reads the order and asks decide() about it as it is.
 */
async function startConfirming(db: Queryable, payment: Payment): Promise<boolean> {
  if (!isOrderId(payment.orderReference)) return false;
  const assumed = decide(
    { status: 'CHECKOUT', payment_id: null, amount_paise: String(payment.amount), currency: payment.currency },
    confirmation(payment),
  );
  if (assumed.kind !== 'transition' || assumed.to !== 'CONFIRMING_PAYMENT')
    throw new Error('decide() no longer starts confirming a matching payment of an order in CHECKOUT');
  return startConfirmingPayment(db, payment.orderReference, payment, assumed.steps);
}

async function claimForConfirmation(tx: Queryable, payment: Payment): Promise<Claim> {
  const order = await lockOrder(tx, payment.orderReference);
  if (!order) return { kind: 'unknown-order' };
  const decision = decide(order, confirmation(payment));
  // Under the lock the one transition's conditions hold: the same statement makes it.
  if (decision.kind === 'transition' && decision.from !== decision.to && decision.to === 'CONFIRMING_PAYMENT') {
    return (await startConfirming(tx, payment)) ? { kind: 'confirming' } : { kind: 'unchanged', status: order.status };
  }
  // Confirming already (a redelivery, or a second payment): the sale is committed again, harmlessly.
  return order.status === 'CONFIRMING_PAYMENT' ? { kind: 'confirming' } : { kind: 'unchanged', status: order.status };
}

async function settle(
  tx: Queryable,
  out: Emitter,
  order: ConfirmingOrder,
  payment: Payment,
  sale: 'SOLD' | 'SHORTFALL' | undefined,
): Promise<Outcome> {
  const decision = decide(order, confirmation(payment, sale));
  // Refused: this payment's effect is there, or another delivery is committing its sale.
  if (decision.kind === 'refusal') return 'duplicate';
  // What it publishes says which transition it is (a cancellation may also start from CANCELLED).
  if (decision.publish.includes('OrderPlaced')) return place(tx, out, order, payment, decision.steps);
  if (decision.publish.includes('OrderCancelled')) return cancelAndRefund(tx, out, order, payment, decision);
  if (decision.publish.includes('RefundRequested')) {
    await requestRefund(tx, out, order, payment, decision);
    return 'second_payment';
  }
  return 'duplicate'; // CHECKOUT -> CONFIRMING_PAYMENT is the claim's, made before the sale
}

async function place(
  tx: Queryable,
  out: Emitter,
  order: ConfirmingOrder,
  payment: Payment,
  steps: Step[],
): Promise<Outcome> {
  const placedAt = new Date().toISOString();
  await placeOrder(tx, order.order_id, steps);
  const event = newEvent('OrderPlaced', {
    orderId: order.order_id,
    customerId: order.customer_id,
    vendorId: order.vendor_id,
    items: order.items,
    amount: Number(order.amount_paise),
    currency: order.currency,
    paymentId: payment.paymentId,
    placedAt,
  });
  await out.emit(TOPICS.orderEvents, OrderPlaced.parse(event));
  return 'placed';
}

async function cancelAndRefund(
  tx: Queryable,
  out: Emitter,
  order: ConfirmingOrder,
  payment: Payment,
  decision: Transition,
): Promise<Outcome> {
  const reason = decision.reason!;
  await cancelConfirmed(tx, order.order_id, reason, payment.paymentId);
  await recordSteps(
    tx,
    order.order_id,
    decision.steps.filter(([step]) => step !== 'REFUND_REQUESTED'),
  );
  await out.emit(
    TOPICS.orderEvents,
    newEvent('OrderCancelled', { orderId: order.order_id, reason, cancelledAt: new Date().toISOString() }),
  );
  await requestRefund(tx, out, order, payment, decision);
  return 'refunded';
}

async function requestRefund(
  tx: Queryable,
  out: Emitter,
  order: ConfirmingOrder,
  payment: Payment,
  decision: Transition,
): Promise<void> {
  const reason = decision.reason!;
  await recordSteps(
    tx,
    order.order_id,
    decision.steps.filter(([step]) => step === 'REFUND_REQUESTED'),
  );
  await out.emit(
    TOPICS.orderEvents,
    newEvent('RefundRequested', {
      orderId: order.order_id,
      paymentId: payment.paymentId,
      amount: payment.amount,
      currency: payment.currency,
      reason,
    }),
  );
}

function isOrderId(id: string): boolean {
  return /^[0-9a-f-]{36}$/i.test(id);
}

async function lockOrder(tx: Queryable, orderId: string): Promise<ConfirmingOrder | undefined> {
  if (!isOrderId(orderId)) return undefined;
  return lockForConfirmation(tx, orderId);
}
