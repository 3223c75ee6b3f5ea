// The order's state machine, as one pure function: given the order as it is and what happened to
// it, either a transition (the next status, the timeline rows, the events to publish) or a refusal
// (why nothing changes). The handlers read the order, ask, and apply the answer in their own
// transaction; the SQL of a conditional update (`where status = <from>`) keeps the answer true.
import type { OrderStatus } from '@saga/contracts';
import type { OrderRow } from '../repositories/order-rows';
import type { Step } from '../repositories/order-timeline';

export type OrderFacts = Pick<OrderRow, 'status' | 'payment_id' | 'amount_paise' | 'currency'>;

export type OrderEvent =
  /** `sale`: the catalog's answer to committing the held stock, once asked (the order is then CONFIRMING_PAYMENT). */
  | {
      type: 'PaymentConfirmed';
      paymentId: string;
      amount: number;
      currency: string;
      method: string | null;
      sale?: 'SOLD' | 'SHORTFALL';
    }
  | { type: 'PaymentFailed'; paymentId: string | null; reason: string; errorCode: string | null }
  | { type: 'PaymentIntentVoided'; reason: string; paymentProviderOrderId: string }
  | { type: 'PaymentRefunded'; paymentId: string; refundId: string; amount: number }
  | { type: 'CheckoutExpired'; reason: string }
  | { type: 'VendorAccepted'; by: string }
  | { type: 'VendorRejected'; reason: string; by: string }
  | { type: 'VendorAnswerTimedOut'; reason: string };

export type PublishedEvent =
  | 'OrderPlaced'
  | 'OrderCancelled'
  | 'OrderExpired'
  | 'OrderAccepted'
  | 'OrderRejected'
  | 'RefundRequested'
  | 'OrderRefunded';

export interface Transition {
  kind: 'transition';
  from: OrderStatus;
  /** Equal to `from` when the order only notes what happened (or refunds a payment it does not need). */
  to: OrderStatus;
  steps: Step[];
  publish: PublishedEvent[];
  /** The order's status_reason after a move to an end state; the reason of the refund it requests. */
  reason?: string;
}

export interface Refusal {
  kind: 'refusal';
  /** already: the event's effect is there (an idempotent no-op); in-progress: another delivery is doing it; not-allowed: the order is past it. */
  why: 'already' | 'in-progress' | 'not-allowed';
  status: OrderStatus;
}

export type Decision = Transition | Refusal;

const SECOND_PAYMENT = 'a second payment for an order that was already paid';
const AMOUNT_MISMATCH = 'the paid amount differs from the order';
const STOCK_LAPSED = 'the held stock lapsed and is no longer available';
/** Placed or answered: the order has its payment. */
const PAID: OrderStatus[] = ['CONFIRMING_PAYMENT', 'PENDING_VENDOR_ACCEPTANCE', 'ACCEPTED', 'REJECTED'];

export function decide(order: OrderFacts, event: OrderEvent): Decision {
  const from = order.status;
  const move = (to: OrderStatus, steps: Step[], publish: PublishedEvent[], reason?: string): Transition => ({
    kind: 'transition',
    from,
    to,
    steps,
    publish,
    ...(reason ? { reason } : {}),
  });
  const refuse = (why: Refusal['why']): Refusal => ({ kind: 'refusal', why, status: from });
  const note = (step: Step, publish: PublishedEvent[] = []) => move(from, [step], publish);

  switch (event.type) {
    case 'PaymentConfirmed': {
      const refund = (reason: string): Step => ['REFUND_REQUESTED', { paymentId: event.paymentId, reason }];
      const cancelAndRefund = (reason: string) =>
        move('CANCELLED', [['CANCELLED', { reason }], refund(reason)], ['OrderCancelled', 'RefundRequested'], reason);
      const samePayment = order.payment_id === event.paymentId;
      if (from === 'CHECKOUT') {
        const matches = Number(order.amount_paise) === event.amount && order.currency === event.currency;
        return matches
          ? move(
              'CONFIRMING_PAYMENT',
              [['PAYMENT_CONFIRMED', { paymentId: event.paymentId, method: event.method }]],
              [],
            )
          : cancelAndRefund(AMOUNT_MISMATCH);
      }
      if (from === 'CONFIRMING_PAYMENT' && samePayment) {
        if (event.sale === 'SOLD') return move('PENDING_VENDOR_ACCEPTANCE', [['ORDER_PLACED', {}]], ['OrderPlaced']);
        if (event.sale === 'SHORTFALL') return cancelAndRefund(STOCK_LAPSED);
        return refuse('in-progress'); // another delivery of this payment is committing the sale
      }
      if (samePayment && (PAID.includes(from) || from === 'CANCELLED')) return refuse('already');
      // Every captured payment ends in one placed order or one refund: a payment the order does not need is refunded.
      if (PAID.includes(from)) return move(from, [refund(SECOND_PAYMENT)], ['RefundRequested'], SECOND_PAYMENT);
      return cancelAndRefund(`payment arrived after the order was ${from.toLowerCase()}`);
    }
    case 'PaymentFailed':
      // The customer may try again on the same Razorpay order: noted, whatever the status.
      return note([
        'PAYMENT_ATTEMPT_FAILED',
        { paymentId: event.paymentId, reason: event.reason, errorCode: event.errorCode },
      ]);
    case 'PaymentIntentVoided': {
      const detail = { reason: event.reason, paymentProviderOrderId: event.paymentProviderOrderId };
      if (from !== 'CHECKOUT') return note(['PAYMENT_INTENT_VOIDED', detail]); // already past it: noted, the state stays
      return move(
        'PAYMENT_FAILED',
        [['PAYMENT_INTENT_VOIDED', detail]],
        ['OrderCancelled'],
        `payment failed: ${event.reason}`,
      );
    }
    case 'PaymentRefunded':
      return note(
        ['REFUNDED', { paymentId: event.paymentId, refundId: event.refundId, amount: event.amount }],
        ['OrderRefunded'],
      );
    case 'CheckoutExpired':
      if (from === 'EXPIRED') return refuse('already');
      if (from !== 'CHECKOUT') return refuse('not-allowed'); // a confirmation took the order first
      return move('EXPIRED', [['EXPIRED', { reason: event.reason }]], ['OrderExpired'], event.reason);
    case 'VendorAccepted':
      if (from === 'ACCEPTED') return refuse('already');
      if (from !== 'PENDING_VENDOR_ACCEPTANCE') return refuse('not-allowed');
      return move('ACCEPTED', [['ACCEPTED', { by: event.by }]], ['OrderAccepted']);
    case 'VendorRejected':
    case 'VendorAnswerTimedOut': {
      if (from === 'REJECTED') return refuse('already');
      if (from !== 'PENDING_VENDOR_ACCEPTANCE') return refuse('not-allowed');
      const [rejectedBy, by] =
        event.type === 'VendorRejected' ? (['vendor', event.by] as const) : (['timeout', 'system'] as const);
      const steps: Step[] = [
        ['REJECTED', { reason: event.reason, rejectedBy, by }],
        ['REFUND_REQUESTED', { paymentId: order.payment_id, reason: event.reason }],
      ];
      return move('REJECTED', steps, ['OrderRejected', 'RefundRequested'], event.reason);
    }
  }
}
