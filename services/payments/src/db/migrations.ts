import { Migration, type MigrationDef } from '@saga/runtime';
import { webhookEventsRetentionMigration } from '../retention/webhook-events-retention';

/** One payment record per order reference: the natural idempotency key of create-intent. */
class CreatePayments extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table payments (
      order_reference text primary key,
      provider_order_id text unique,
      amount_paise bigint not null check (amount_paise > 0),
      currency text not null,
      customer_id text,
      status text not null check (status in ('INTENT_PENDING', 'INTENT_CREATED', 'AUTHORIZED', 'CAPTURED', 'FAILED', 'REFUNDED')),
      payment_id text,
      method text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
  }
}

/**
 * Razorpay webhooks: every authentic event, stored once per X-Razorpay-Event-Id before it is
 * acknowledged (the acknowledgement is that one insert) and processed afterwards. `next_attempt_at`
 * is a lease: the receiving replica holds it for a few seconds, then the reprocess worker of any
 * replica may take the event over. `last_error` also says why an event was IGNORED or FLAGGED.
 *
 * payment_attempts: every Razorpay payment (pay_...) seen for one of our orders, with the furthest
 * status it reached (failed < authorized < captured). A second captured attempt for one order is a
 * double charge to refund; this table is where it shows.
 */
class CreateWebhookEventsAndAttempts extends Migration {
  async up(): Promise<void> {
    this.addSql(`alter table payments add column captured_at timestamptz`);
    this.addSql(`create table webhook_events (
      event_id text primary key,
      event_type text not null,
      body text not null,
      status text not null default 'RECEIVED' check (status in ('RECEIVED', 'PROCESSED', 'IGNORED', 'FLAGGED')),
      received_at timestamptz not null default clock_timestamp(),
      processed_at timestamptz,
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default clock_timestamp(),
      last_error text
    )`);
    this.addSql(
      `create index webhook_events_pending_idx on webhook_events (next_attempt_at) where status = 'RECEIVED'`,
    );
    this.addSql(`create table payment_attempts (
      payment_id text primary key,
      order_reference text not null references payments (order_reference),
      status text not null check (status in ('failed', 'authorized', 'captured')),
      amount_paise bigint not null,
      currency text not null,
      method text,
      error_code text,
      error_description text,
      error_reason text,
      created_at timestamptz not null default clock_timestamp(),
      updated_at timestamptz not null default clock_timestamp()
    )`);
    this.addSql(`create index payment_attempts_order_idx on payment_attempts (order_reference)`);
  }
}

/**
 * Compensation and reconciliation (SEQ-EH-001).
 *
 * refunds: at most one per Razorpay payment (the primary key), whoever asked for it (the order
 * service's RefundRequested, or payments itself for a mismatched or second capture). The
 * idempotency key sent to Razorpay is derived from the payment id, so every retry, on any replica,
 * asks for the same refund. `next_attempt_at` is the lease and the retry backoff at once.
 *
 * payments: `settled_at` / `settled_as` record that the order service decided what a confirmed
 * payment paid for (an order placed or cancelled, a refund requested); a CAPTURED payment left
 * unsettled is confirmed again. `next_reconcile_at` leases a payment to one reconciling replica and
 * spaces the checks of one payment out; `reconcile_checks` counts them (for the backoff).
 */
class CreateRefundsAndReconciliation extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table refunds (
      payment_id text primary key,
      order_reference text not null,
      idempotency_key text not null unique check (idempotency_key ~ '^[A-Za-z0-9_-]{10,64}$'),
      amount_paise bigint not null check (amount_paise > 0),
      currency text not null,
      reason text not null,
      requested_by text not null check (requested_by in ('order', 'payments')),
      status text not null default 'REQUESTED' check (status in ('REQUESTED', 'PROCESSED', 'FAILED')),
      razorpay_refund_id text unique,
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default clock_timestamp(),
      last_error text,
      requested_at timestamptz not null default clock_timestamp(),
      processed_at timestamptz
    )`);
    this.addSql(`create index refunds_due_idx on refunds (next_attempt_at) where status = 'REQUESTED'`);
    this.addSql(`alter table payments
      add column settled_at timestamptz,
      add column settled_as text check (settled_as in ('ORDER_PLACED', 'ORDER_CANCELLED', 'REFUND_REQUESTED')),
      add column next_reconcile_at timestamptz,
      add column reconcile_checks integer not null default 0`);
    this.addSql(`create index payments_reconcile_idx on payments (coalesce(next_reconcile_at, '-infinity'::timestamptz))
      where status in ('INTENT_CREATED', 'AUTHORIZED', 'FAILED') or (status = 'CAPTURED' and settled_at is null)`);
  }
}

/**
 * VOIDED: Razorpay does not know the payment's Razorpay order, so nothing can be paid on it;
 * reconciliation's final word on an open payment, with its reason (status_reason).
 */
class AddVoidedPayments extends Migration {
  async up(): Promise<void> {
    this.addSql(`alter table payments drop constraint if exists payments_status_check`);
    this.addSql(`alter table payments add constraint payments_status_check
      check (status in ('INTENT_PENDING', 'INTENT_CREATED', 'AUTHORIZED', 'CAPTURED', 'FAILED', 'REFUNDED', 'VOIDED'))`);
    this.addSql(`alter table payments add column status_reason text`);
  }
}

export const paymentsMigrations: MigrationDef[] = [
  { name: '0001-create-payments', class: CreatePayments },
  { name: '0002-webhook-events-and-attempts', class: CreateWebhookEventsAndAttempts },
  { name: '0003-refunds-and-reconciliation', class: CreateRefundsAndReconciliation },
  webhookEventsRetentionMigration,
  { name: '0005-voided-payments', class: AddVoidedPayments },
];
