// Words for the saga's statuses and timeline steps. Both lists grow with the saga: anything not
// listed here is shown by its name, never hidden.
export type Tone = 'neutral' | 'info' | 'ok' | 'warn' | 'bad';

const STATUS: Record<string, { label: string; tone: Tone; customer: string }> = {
  CHECKOUT: { label: 'Awaiting payment', tone: 'warn', customer: 'Waiting for your payment.' },
  CONFIRMING_PAYMENT: {
    label: 'Confirming payment',
    tone: 'info',
    customer: 'Payment received. Confirming your items…',
  },
  PENDING_VENDOR_ACCEPTANCE: {
    label: 'Waiting for vendor',
    tone: 'info',
    customer: 'Paid. Waiting for the vendor to accept your order…',
  },
  ACCEPTED: { label: 'Accepted', tone: 'ok', customer: 'The vendor accepted your order.' },
  REJECTED: { label: 'Rejected', tone: 'bad', customer: 'The vendor could not take your order.' },
  PAYMENT_FAILED: { label: 'Payment failed', tone: 'bad', customer: 'The payment could not be started.' },
  CANCELLED: { label: 'Cancelled', tone: 'bad', customer: 'This order was cancelled.' },
  EXPIRED: { label: 'Expired', tone: 'neutral', customer: 'This order was not paid in time; nothing was charged.' },
};

const titleCase = (s: string) =>
  s
    .toLowerCase()
    .replace(/_/g, ' ')
    .replace(/^./, (c) => c.toUpperCase());

export const statusLabel = (status: string) => STATUS[status]?.label ?? titleCase(status);
export const statusTone = (status: string): Tone => STATUS[status]?.tone ?? 'neutral';
export const statusForCustomer = (status: string) => STATUS[status]?.customer ?? titleCase(status);

/** No further change will come without someone acting (the page stops polling). */
export function isSettled(status: string, steps: string[]): boolean {
  if (status === 'ACCEPTED' || status === 'EXPIRED' || status === 'PAYMENT_FAILED') return true;
  if (status === 'REJECTED' || status === 'CANCELLED')
    return steps.some(isRefundDone) || !steps.includes('PAYMENT_CONFIRMED');
  return false;
}

const isRefundDone = (step: string) => /REFUNDED|REFUND_COMPLETED|REFUND_PROCESSED/.test(step);

const STEPS: Record<string, string> = {
  CHECKOUT_STARTED: 'Checkout started',
  STOCK_HELD: 'Items reserved for you',
  PAYMENT_INTENT_CREATED: 'Payment opened with Razorpay',
  PAYMENT_INTENT_FAILED: 'Payment could not be opened',
  HOLD_RELEASED: 'Reserved items released',
  PAYMENT_ATTEMPT_FAILED: 'A payment attempt failed',
  PAYMENT_CONFIRMED: 'Payment received',
  ORDER_PLACED: 'Order placed and sent to the vendor',
  ORDER_ACCEPTED: 'Accepted by the vendor',
  ACCEPTED: 'Accepted by the vendor',
  ORDER_REJECTED: 'Rejected by the vendor',
  REJECTED: 'Rejected by the vendor',
  VENDOR_TIMEOUT: 'The vendor did not answer in time',
  REFUND_REQUESTED: 'Refund requested',
  REFUND_INITIATED: 'Refund started',
  PAYMENT_REFUNDED: 'Refunded to your account',
  REFUNDED: 'Refunded to your account',
  EXPIRED: 'Expired unpaid',
  CANCELLED: 'Cancelled',
};

export const stepLabel = (step: string) => STEPS[step] ?? titleCase(step);
export const stepTone = (step: string): Tone =>
  /FAILED|REJECTED|CANCELLED|TIMEOUT/.test(step)
    ? 'bad'
    : /REFUND/.test(step)
      ? 'warn'
      : /ACCEPTED|PLACED|CONFIRMED/.test(step)
        ? 'ok'
        : 'neutral';

/** The human part of a step's details (a reason, an amount), if it has one. */
export function stepDetail(entry: Record<string, unknown>): string | undefined {
  const reason = entry.reason ?? entry.statusReason ?? (entry.detail as Record<string, unknown> | undefined)?.reason;
  return typeof reason === 'string' && reason ? reason : undefined;
}
