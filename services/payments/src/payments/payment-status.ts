// The payment record's statuses (the Payment entity's). Final states (CAPTURED, REFUNDED) are never
// left by a webhook: whatever order events arrive in, a confirmed payment stays confirmed.
import type { InferEntity } from '@mikro-orm/core';
import type { Payment } from '../db/entities';

/** VOIDED: Razorpay does not know the order (see reconcile/void-unknown-payment.ts); final unless a capture still comes. */
export type PaymentStatus = InferEntity<typeof Payment>['status'];

export const isSettled = (status: PaymentStatus) => status === 'CAPTURED' || status === 'REFUNDED';

/** What the order service did with a confirmed payment (what reconciliation waits for). */
export type SettledAs = NonNullable<InferEntity<typeof Payment>['settledAs']>;
