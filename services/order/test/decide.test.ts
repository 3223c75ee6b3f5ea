// The order's state machine, every (status x event) pair: the expected answers are written out
// here, not derived from decide(). Each row reads "<next status> [<timeline steps>] [<events>] <reason>",
// or "refused: <why>".
import type { OrderStatus } from '@saga/contracts';
import { type Decision, type OrderEvent, type OrderFacts, decide } from '../src/order-state/decide';

const STATUSES: OrderStatus[] = [
  'CHECKOUT',
  'CONFIRMING_PAYMENT',
  'PENDING_VENDOR_ACCEPTANCE',
  'ACCEPTED',
  'REJECTED',
  'PAYMENT_FAILED',
  'CANCELLED',
  'EXPIRED',
];

/** The order under test: 1000 paise, paid with pay_1 once it was paid. */
function orderIn(status: OrderStatus): OrderFacts {
  const unpaid = status === 'CHECKOUT' || status === 'PAYMENT_FAILED' || status === 'EXPIRED';
  return { status, payment_id: unpaid ? null : 'pay_1', amount_paise: '1000', currency: 'INR' };
}

const confirmed = (paymentId: string, amount: number, sale?: 'SOLD' | 'SHORTFALL'): OrderEvent => ({
  type: 'PaymentConfirmed',
  paymentId,
  amount,
  currency: 'INR',
  method: 'upi',
  sale,
});

const EVENTS: Record<string, OrderEvent> = {
  'payment confirmed (its payment)': confirmed('pay_1', 1000),
  'payment confirmed (another payment)': confirmed('pay_2', 1000),
  'payment confirmed (amount mismatch)': confirmed('pay_2', 999),
  'payment confirmed, sale committed': confirmed('pay_1', 1000, 'SOLD'),
  'payment confirmed, stock gone': confirmed('pay_1', 1000, 'SHORTFALL'),
  'payment failed': {
    type: 'PaymentFailed',
    paymentId: 'pay_9',
    reason: 'card declined',
    errorCode: 'BAD_REQUEST_ERROR',
  },
  'intent voided': { type: 'PaymentIntentVoided', reason: 'unknown order', paymentProviderOrderId: 'order_1' },
  'payment refunded': { type: 'PaymentRefunded', paymentId: 'pay_1', refundId: 'rfnd_1', amount: 1000 },
  'checkout expired': { type: 'CheckoutExpired', reason: 'unpaid' },
  'vendor accepts': { type: 'VendorAccepted', by: 'vendor-1' },
  'vendor rejects': { type: 'VendorRejected', reason: 'too busy', by: 'vendor-1' },
  'vendor answer times out': { type: 'VendorAnswerTimedOut', reason: 'no answer' },
};

const CONFIRMING = 'CONFIRMING_PAYMENT [PAYMENT_CONFIRMED] []';
const cancelAndRefund = (reason: string) =>
  `CANCELLED [CANCELLED,REFUND_REQUESTED] [OrderCancelled,RefundRequested] ${reason}`;
const late = (status: string) => cancelAndRefund(`payment arrived after the order was ${status}`);
const secondPayment = (status: string) =>
  `${status} [REFUND_REQUESTED] [RefundRequested] a second payment for an order that was already paid`;
const ALREADY = 'refused: already';
const NOT_ALLOWED = 'refused: not-allowed';

// Columns in the order of STATUSES.
const EXPECTED: Record<string, string[]> = {
  'payment confirmed (its payment)': [
    CONFIRMING,
    'refused: in-progress',
    ALREADY,
    ALREADY,
    ALREADY,
    late('payment_failed'),
    ALREADY,
    late('expired'),
  ],
  'payment confirmed (another payment)': [
    CONFIRMING,
    secondPayment('CONFIRMING_PAYMENT'),
    secondPayment('PENDING_VENDOR_ACCEPTANCE'),
    secondPayment('ACCEPTED'),
    secondPayment('REJECTED'),
    late('payment_failed'),
    late('cancelled'),
    late('expired'),
  ],
  'payment confirmed (amount mismatch)': [
    cancelAndRefund('the paid amount differs from the order'),
    secondPayment('CONFIRMING_PAYMENT'),
    secondPayment('PENDING_VENDOR_ACCEPTANCE'),
    secondPayment('ACCEPTED'),
    secondPayment('REJECTED'),
    late('payment_failed'),
    late('cancelled'),
    late('expired'),
  ],
  'payment confirmed, sale committed': [
    CONFIRMING,
    'PENDING_VENDOR_ACCEPTANCE [ORDER_PLACED] [OrderPlaced]',
    ALREADY,
    ALREADY,
    ALREADY,
    late('payment_failed'),
    ALREADY,
    late('expired'),
  ],
  'payment confirmed, stock gone': [
    CONFIRMING,
    cancelAndRefund('the held stock lapsed and is no longer available'),
    ALREADY,
    ALREADY,
    ALREADY,
    late('payment_failed'),
    ALREADY,
    late('expired'),
  ],
  'payment failed': [
    'CHECKOUT [PAYMENT_ATTEMPT_FAILED] []',
    'CONFIRMING_PAYMENT [PAYMENT_ATTEMPT_FAILED] []',
    'PENDING_VENDOR_ACCEPTANCE [PAYMENT_ATTEMPT_FAILED] []',
    'ACCEPTED [PAYMENT_ATTEMPT_FAILED] []',
    'REJECTED [PAYMENT_ATTEMPT_FAILED] []',
    'PAYMENT_FAILED [PAYMENT_ATTEMPT_FAILED] []',
    'CANCELLED [PAYMENT_ATTEMPT_FAILED] []',
    'EXPIRED [PAYMENT_ATTEMPT_FAILED] []',
  ],
  'intent voided': [
    'PAYMENT_FAILED [PAYMENT_INTENT_VOIDED] [OrderCancelled] payment failed: unknown order',
    'CONFIRMING_PAYMENT [PAYMENT_INTENT_VOIDED] []',
    'PENDING_VENDOR_ACCEPTANCE [PAYMENT_INTENT_VOIDED] []',
    'ACCEPTED [PAYMENT_INTENT_VOIDED] []',
    'REJECTED [PAYMENT_INTENT_VOIDED] []',
    'PAYMENT_FAILED [PAYMENT_INTENT_VOIDED] []',
    'CANCELLED [PAYMENT_INTENT_VOIDED] []',
    'EXPIRED [PAYMENT_INTENT_VOIDED] []',
  ],
  'payment refunded': [
    'CHECKOUT [REFUNDED] [OrderRefunded]',
    'CONFIRMING_PAYMENT [REFUNDED] [OrderRefunded]',
    'PENDING_VENDOR_ACCEPTANCE [REFUNDED] [OrderRefunded]',
    'ACCEPTED [REFUNDED] [OrderRefunded]',
    'REJECTED [REFUNDED] [OrderRefunded]',
    'PAYMENT_FAILED [REFUNDED] [OrderRefunded]',
    'CANCELLED [REFUNDED] [OrderRefunded]',
    'EXPIRED [REFUNDED] [OrderRefunded]',
  ],
  'checkout expired': [
    'EXPIRED [EXPIRED] [OrderExpired] unpaid',
    NOT_ALLOWED,
    NOT_ALLOWED,
    NOT_ALLOWED,
    NOT_ALLOWED,
    NOT_ALLOWED,
    NOT_ALLOWED,
    ALREADY,
  ],
  'vendor accepts': [
    NOT_ALLOWED,
    NOT_ALLOWED,
    'ACCEPTED [ACCEPTED] [OrderAccepted]',
    ALREADY,
    NOT_ALLOWED,
    NOT_ALLOWED,
    NOT_ALLOWED,
    NOT_ALLOWED,
  ],
  'vendor rejects': [
    NOT_ALLOWED,
    NOT_ALLOWED,
    'REJECTED [REJECTED,REFUND_REQUESTED] [OrderRejected,RefundRequested] too busy',
    NOT_ALLOWED,
    ALREADY,
    NOT_ALLOWED,
    NOT_ALLOWED,
    NOT_ALLOWED,
  ],
  'vendor answer times out': [
    NOT_ALLOWED,
    NOT_ALLOWED,
    'REJECTED [REJECTED,REFUND_REQUESTED] [OrderRejected,RefundRequested] no answer',
    NOT_ALLOWED,
    ALREADY,
    NOT_ALLOWED,
    NOT_ALLOWED,
    NOT_ALLOWED,
  ],
};

function summary(decision: Decision): string {
  if (decision.kind === 'refusal') return `refused: ${decision.why}`;
  const steps = decision.steps.map(([step]) => step).join(',');
  return `${decision.to} [${steps}] [${decision.publish.join(',')}]${decision.reason ? ` ${decision.reason}` : ''}`;
}

describe('decide(order, event)', () => {
  it('has an expected answer for every event and every status', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(EVENTS).sort());
    for (const row of Object.values(EXPECTED)) expect(row).toHaveLength(STATUSES.length);
  });

  describe.each(Object.keys(EVENTS))('when %s', (name) => {
    it.each(STATUSES.map((status, i) => [status, i] as const))('an order in %s', (status, i) => {
      expect(summary(decide(orderIn(status), EVENTS[name]!))).toBe(EXPECTED[name]![i]);
    });
  });

  it('names the transition it starts from, and a refusal the status it leaves as it is', () => {
    expect(decide(orderIn('CHECKOUT'), EVENTS['checkout expired']!)).toMatchObject({
      kind: 'transition',
      from: 'CHECKOUT',
      to: 'EXPIRED',
    });
    expect(decide(orderIn('ACCEPTED'), EVENTS['checkout expired']!)).toEqual({
      kind: 'refusal',
      why: 'not-allowed',
      status: 'ACCEPTED',
    });
  });

  it('writes the timeline rows with what the event says', () => {
    expect(decide(orderIn('CHECKOUT'), EVENTS['payment confirmed (its payment)']!)).toMatchObject({
      steps: [['PAYMENT_CONFIRMED', { paymentId: 'pay_1', method: 'upi' }]],
    });
    expect(decide(orderIn('CHECKOUT'), EVENTS['payment confirmed (amount mismatch)']!)).toMatchObject({
      steps: [
        ['CANCELLED', { reason: 'the paid amount differs from the order' }],
        ['REFUND_REQUESTED', { paymentId: 'pay_2', reason: 'the paid amount differs from the order' }],
      ],
    });
    expect(decide(orderIn('PENDING_VENDOR_ACCEPTANCE'), EVENTS['vendor rejects']!)).toMatchObject({
      steps: [
        ['REJECTED', { reason: 'too busy', rejectedBy: 'vendor', by: 'vendor-1' }],
        ['REFUND_REQUESTED', { paymentId: 'pay_1', reason: 'too busy' }],
      ],
    });
    expect(decide(orderIn('PENDING_VENDOR_ACCEPTANCE'), EVENTS['vendor answer times out']!)).toMatchObject({
      steps: [
        ['REJECTED', { reason: 'no answer', rejectedBy: 'timeout', by: 'system' }],
        ['REFUND_REQUESTED', { paymentId: 'pay_1', reason: 'no answer' }],
      ],
    });
    expect(decide(orderIn('EXPIRED'), EVENTS['intent voided']!)).toMatchObject({
      steps: [['PAYMENT_INTENT_VOIDED', { reason: 'unknown order', paymentProviderOrderId: 'order_1' }]],
    });
    expect(decide(orderIn('CHECKOUT'), EVENTS['payment failed']!)).toMatchObject({
      steps: [
        ['PAYMENT_ATTEMPT_FAILED', { paymentId: 'pay_9', reason: 'card declined', errorCode: 'BAD_REQUEST_ERROR' }],
      ],
    });
    expect(decide(orderIn('ACCEPTED'), EVENTS['payment refunded']!)).toMatchObject({
      steps: [['REFUNDED', { paymentId: 'pay_1', refundId: 'rfnd_1', amount: 1000 }]],
    });
  });
});
