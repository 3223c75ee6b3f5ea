// The payment record's statuses. Final states (CAPTURED, REFUNDED) are never left by a webhook:
// whatever order events arrive in, a confirmed payment stays confirmed.

/** VOIDED: Razorpay does not know the order (see reconcile/void-unknown-payment.ts); final unless a capture still comes. */
export type PaymentStatus = 'INTENT_PENDING' | 'INTENT_CREATED' | 'AUTHORIZED' | 'CAPTURED' | 'FAILED' | 'REFUNDED' | 'VOIDED';

export const isSettled = (status: PaymentStatus) => status === 'CAPTURED' || status === 'REFUNDED';

/** What the order service did with a confirmed payment (what reconciliation waits for). */
export type SettledAs = 'ORDER_PLACED' | 'ORDER_CANCELLED' | 'REFUND_REQUESTED';
