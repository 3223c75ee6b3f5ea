// The Payment aggregate's record (payments table): one row per order reference, its intent, its
// state machine as conditional updates, and the order service's settlement of it. Statements marked
// "hot" are on the saga's path (checkout's intent, webhook processing, confirmation, settlement) and
// stay hand-written SQL: a query builder per statement cost about 55 ms of CPU per saga against 38
// ms for plain SQL at 16 customers (BENCHMARKS.md at 25d6c19, "The hot path no longer goes through
// MikroORM/knex per statement"). Off that path, voidOpen and markRefunded stay SQL too: they run in
// the caller's outbox transaction on the pg pool, which the EntityManager (its own pool) cannot join;
// captureStateOf, a plain read, goes through the EntityManager. Reconciliation's leases and schedule
// are in payment-reconcile-repository.ts.
// Named columns, not `*`: the statements can then be prepared (see the runtime's database.ts).
import type { InferEntity } from '@mikro-orm/core';
import { type Database, type Queryable, isoTime } from '@saga/runtime';
import { Payment } from '../db/entities';
import type { PaymentStatus, SettledAs } from '../payments/payment-status';

/** A payment record whose Razorpay order exists (the webhooks' and reconciliation's view). */
export interface PaymentRecord {
  order_reference: string;
  provider_order_id: string;
  amount_paise: string;
  currency: string;
  status: PaymentStatus;
  payment_id: string | null;
  method: string | null;
}

/** A payment record as create-intent sees it: its Razorpay order may not be recorded yet. */
export interface IntentRecord {
  order_reference: string;
  provider_order_id: string | null;
  amount_paise: string;
  currency: string;
  status: PaymentStatus;
}

/** Where a payment stands, as the callback and the gateway check read it. */
export interface PaymentStanding {
  provider_order_id: string | null;
  status: PaymentStatus;
}

interface PaymentRecordRow {
  order_reference: string;
  provider_order_id: string;
  amount_paise: string | number;
  currency: string;
  status: PaymentStatus;
  payment_id: string | null;
  method: string | null;
}
const PAYMENT_RECORD_COLUMNS = 'order_reference, provider_order_id, amount_paise, currency, status, payment_id, method';
const toPaymentRecord = (row: PaymentRecordRow): PaymentRecord => ({
  order_reference: row.order_reference,
  provider_order_id: row.provider_order_id,
  amount_paise: String(row.amount_paise),
  currency: row.currency,
  status: row.status,
  payment_id: row.payment_id,
  method: row.method,
});

interface IntentRecordRow {
  order_reference: string;
  provider_order_id: string | null;
  amount_paise: string | number;
  currency: string;
  status: PaymentStatus;
}
const INTENT_RECORD_COLUMNS = 'order_reference, provider_order_id, amount_paise, currency, status';
const toIntentRecord = (row: IntentRecordRow): IntentRecord => ({
  order_reference: row.order_reference,
  provider_order_id: row.provider_order_id,
  amount_paise: String(row.amount_paise),
  currency: row.currency,
  status: row.status,
});

interface PaymentStandingRow {
  provider_order_id: string | null;
  status: PaymentStatus;
}
const toPaymentStanding = (row: PaymentStandingRow): PaymentStanding => ({
  provider_order_id: row.provider_order_id,
  status: row.status,
});

/** A record's status and, once captured, when. */
export interface CaptureState {
  status: PaymentStatus;
  capturedAt: string | null;
}

const toCaptureState = (payment: Pick<InferEntity<typeof Payment>, 'status' | 'capturedAt'>): CaptureState => ({
  status: payment.status,
  capturedAt: payment.capturedAt ? isoTime(payment.capturedAt) : null,
});

export const paymentRepository = {
  /** A new INTENT_PENDING record for the order; undefined (nothing written) when it has one already. */
  async openIntent(
    db: Queryable,
    i: { orderReference: string; amount: number; currency: string; customerId: string | null },
  ): Promise<IntentRecord | undefined> {
    // Hot (checkout): hand-written SQL, see the header.
    const [row] = await db.query<IntentRecordRow>(
      `insert into payments (order_reference, amount_paise, currency, customer_id, status) values ($1, $2, $3, $4, 'INTENT_PENDING')
       on conflict (order_reference) do nothing returning ${INTENT_RECORD_COLUMNS}`,
      [i.orderReference, i.amount, i.currency, i.customerId],
    );
    return row && toIntentRecord(row);
  },

  async findIntent(db: Queryable, orderReference: string): Promise<IntentRecord | undefined> {
    // Hot (checkout): hand-written SQL, see the header.
    const [row] = await db.query<IntentRecordRow>(
      `select ${INTENT_RECORD_COLUMNS} from payments where order_reference = $1`,
      [orderReference],
    );
    return row && toIntentRecord(row);
  },

  /** The first Razorpay order recorded wins; undefined when another call recorded one first. */
  async recordProviderOrder(
    db: Queryable,
    orderReference: string,
    providerOrderId: string,
  ): Promise<IntentRecord | undefined> {
    // Hot (checkout): hand-written SQL, see the header.
    const [row] = await db.query<IntentRecordRow>(
      `update payments set provider_order_id = $1, status = 'INTENT_CREATED', updated_at = now()
        where order_reference = $2 and provider_order_id is null returning ${INTENT_RECORD_COLUMNS}`,
      [providerOrderId, orderReference],
    );
    return row && toIntentRecord(row);
  },

  async standingOf(db: Queryable, orderReference: string): Promise<PaymentStanding | undefined> {
    // Hot (the Checkout callback and the gateway check before a checkout expires): see the header.
    const [row] = await db.query<PaymentStandingRow>(
      'select provider_order_id, status from payments where order_reference = $1',
      [orderReference],
    );
    return row && toPaymentStanding(row);
  },

  /** Reconciliation's look after a check (a read, through the EntityManager). */
  async captureStateOf(db: Database, orderReference: string): Promise<CaptureState | undefined> {
    const payment = await db.em().findOne(Payment, { orderReference }, { fields: ['status', 'capturedAt'] });
    return payment ? toCaptureState(payment) : undefined;
  },

  /** Locks the record for the rest of the transaction: events about one payment are handled one at a time. */
  async lockByProviderOrder(tx: Queryable, providerOrderId: string): Promise<PaymentRecord | undefined> {
    // Hot (webhook processing): hand-written SQL, see the header.
    const [row] = await tx.query<PaymentRecordRow>(
      `select ${PAYMENT_RECORD_COLUMNS} from payments where provider_order_id = $1 for update`,
      [providerOrderId],
    );
    return row && toPaymentRecord(row);
  },

  /**
   * The confirming transition, for a record the caller has locked and seen unsettled (its condition
   * repeats that, as a last guard). Pipelined: nobody waits for its answer.
   */
  async markCaptured(
    tx: Queryable,
    orderReference: string,
    p: { paymentId: string; method: string | null; capturedAt: Date },
  ): Promise<void> {
    // Hot (confirmation): hand-written SQL, see the header.
    await tx.send(
      // Reconciliation starts over: from now on it waits for the order to settle the payment.
      `update payments set status = 'CAPTURED', payment_id = $1, method = $2, captured_at = $3, updated_at = now(), next_reconcile_at = null, reconcile_checks = 0
        where order_reference = $4 and status not in ('CAPTURED', 'REFUNDED')`,
      [p.paymentId, p.method, p.capturedAt, orderReference],
    );
  },

  /** Money is held but not taken yet; never a step back from CAPTURED or REFUNDED. */
  async markAuthorized(
    tx: Queryable,
    orderReference: string,
    p: { paymentId: string; method: string | null },
  ): Promise<void> {
    // Hot (webhook processing): hand-written SQL, see the header.
    await tx.send(
      `update payments set status = 'AUTHORIZED', payment_id = $1, method = $2, updated_at = now()
        where order_reference = $3 and status in ('INTENT_PENDING', 'INTENT_CREATED', 'FAILED')`,
      [p.paymentId, p.method, orderReference],
    );
  },

  /** Only while no attempt got further: the customer may still pay on the same Razorpay order. */
  async markFailed(tx: Queryable, orderReference: string): Promise<void> {
    // Hot (webhook processing): hand-written SQL, see the header.
    await tx.send(
      `update payments set status = 'FAILED', updated_at = now() where order_reference = $1 and status in ('INTENT_PENDING', 'INTENT_CREATED')`,
      [orderReference],
    );
  },

  /**
   * The order service decided what this confirmed payment paid for; reconciliation stops confirming
   * it again. First word wins (an order placed and later cancelled stays ORDER_PLACED). True when
   * this call recorded it.
   */
  async markSettled(
    db: Queryable,
    s: { orderReference: string; paymentId: string | null; as: SettledAs },
  ): Promise<boolean> {
    // Hot (OrderPlaced settles the payment): hand-written SQL, see the header.
    // A cancellation names no payment: it settles the payment that paid the order, if any.
    const rows = s.paymentId
      ? await db.query<{ order_reference: string }>(
          `update payments set settled_at = clock_timestamp(), settled_as = $1 where order_reference = $2 and payment_id = $3 and settled_at is null returning order_reference`,
          [s.as, s.orderReference, s.paymentId],
        )
      : await db.query<{ order_reference: string }>(
          `update payments set settled_at = clock_timestamp(), settled_as = $1
            where order_reference = $2 and status in ('CAPTURED', 'REFUNDED') and settled_at is null returning order_reference`,
          [s.as, s.orderReference],
        );
    return rows.length > 0;
  },

  /** An open payment Razorpay does not know becomes VOIDED; false when it was not open any more. */
  async voidOpen(tx: Queryable, orderReference: string, reason: string): Promise<boolean> {
    const rows = await tx.query<{ order_reference: string }>(
      `update payments set status = 'VOIDED', status_reason = $1, next_reconcile_at = null, updated_at = now()
        where order_reference = $2 and status in ('INTENT_PENDING', 'INTENT_CREATED', 'AUTHORIZED', 'FAILED') returning order_reference`,
      [reason, orderReference],
    );
    return rows.length > 0;
  },

  /** The refund of the payment that paid the record went through (a second capture's refund changes nothing). */
  async markRefunded(tx: Queryable, paymentId: string): Promise<void> {
    await tx.query(
      `update payments set status = 'REFUNDED', updated_at = now() where payment_id = $1 and status = 'CAPTURED'`,
      [paymentId],
    );
  },
};
