// The payment record's state machine, as conditional updates. Final states (CAPTURED, REFUNDED)
// are never left by a webhook: whatever order events arrive in, a confirmed payment stays confirmed.
import type { Queryable } from '@saga/runtime';

/** VOIDED: Razorpay does not know the order (see reconcile/void-unknown-payment.ts); final unless a capture still comes. */
export type PaymentStatus = 'INTENT_PENDING' | 'INTENT_CREATED' | 'AUTHORIZED' | 'CAPTURED' | 'FAILED' | 'REFUNDED' | 'VOIDED';

export interface PaymentRecord {
  order_reference: string;
  provider_order_id: string;
  amount_paise: string;
  currency: string;
  status: PaymentStatus;
  payment_id: string | null;
  method: string | null;
}

// Named columns, not `*`: the statement can then be prepared (see the runtime's database.ts).
const PAYMENT_RECORD_COLUMNS = 'order_reference, provider_order_id, amount_paise, currency, status, payment_id, method';

export const isSettled = (status: PaymentStatus) => status === 'CAPTURED' || status === 'REFUNDED';

/** Locks the record for the rest of the transaction: events about one payment are handled one at a time. */
export async function lockPaymentByProviderOrder(tx: Queryable, providerOrderId: string): Promise<PaymentRecord | undefined> {
  const [row] = await tx.query<PaymentRecord>(`select ${PAYMENT_RECORD_COLUMNS} from payments where provider_order_id = ? for update`, [providerOrderId]);
  return row;
}

/**
 * The confirming transition, for a record the caller has locked and seen unsettled (its condition
 * repeats that, as a last guard). Pipelined: nobody waits for its answer.
 */
export async function markCaptured(tx: Queryable, orderReference: string, p: { paymentId: string; method: string | null; capturedAt: Date }): Promise<void> {
  await tx.send(
    // Reconciliation starts over: from now on it waits for the order to settle the payment.
    `update payments set status = 'CAPTURED', payment_id = ?, method = ?, captured_at = ?, updated_at = now(), next_reconcile_at = null, reconcile_checks = 0
      where order_reference = ? and status not in ('CAPTURED', 'REFUNDED')`,
    [p.paymentId, p.method, p.capturedAt, orderReference],
  );
}

/** Money is held but not taken yet; never a step back from CAPTURED or REFUNDED. */
export async function markAuthorized(tx: Queryable, orderReference: string, p: { paymentId: string; method: string | null }): Promise<void> {
  await tx.send(
    `update payments set status = 'AUTHORIZED', payment_id = ?, method = ?, updated_at = now()
      where order_reference = ? and status in ('INTENT_PENDING', 'INTENT_CREATED', 'FAILED')`,
    [p.paymentId, p.method, orderReference],
  );
}

/** Only while no attempt got further: the customer may still pay on the same Razorpay order. */
export async function markFailed(tx: Queryable, orderReference: string): Promise<void> {
  await tx.send(`update payments set status = 'FAILED', updated_at = now() where order_reference = ? and status in ('INTENT_PENDING', 'INTENT_CREATED')`, [
    orderReference,
  ]);
}

export type SettledAs = 'ORDER_PLACED' | 'ORDER_CANCELLED' | 'REFUND_REQUESTED';

/**
 * The order service decided what this confirmed payment paid for; reconciliation stops confirming
 * it again. First word wins (an order placed and later cancelled stays ORDER_PLACED). True when
 * this call recorded it.
 */
export async function markSettled(tx: Queryable, s: { orderReference: string; paymentId: string | null; as: SettledAs }): Promise<boolean> {
  // A cancellation names no payment: it settles the payment that paid the order, if any.
  const rows = s.paymentId
    ? await tx.query(
        `update payments set settled_at = clock_timestamp(), settled_as = ? where order_reference = ? and payment_id = ? and settled_at is null returning order_reference`,
        [s.as, s.orderReference, s.paymentId],
      )
    : await tx.query(
        `update payments set settled_at = clock_timestamp(), settled_as = ?
          where order_reference = ? and status in ('CAPTURED', 'REFUNDED') and settled_at is null returning order_reference`,
        [s.as, s.orderReference],
      );
  return rows.length > 0;
}
