import { Migration, type MigrationDef } from '@saga/runtime';

class CreateOrders extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table orders (
      order_id uuid primary key,
      customer_id text not null,
      vendor_id text not null,
      status text not null check (status in ('CHECKOUT', 'CONFIRMING_PAYMENT', 'PENDING_VENDOR_ACCEPTANCE', 'PAYMENT_FAILED', 'CANCELLED', 'EXPIRED')),
      status_reason text,
      amount_paise bigint not null check (amount_paise > 0),
      currency text not null,
      items jsonb not null,
      provider_order_id text unique,
      payment_id text,
      expires_at timestamptz not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create index orders_open_idx on orders (expires_at) where status = 'CHECKOUT'`);
    this.addSql(`create index orders_customer_idx on orders (customer_id, created_at desc)`);
    // Idempotency-Key: one row per (customer, key); the answer is stored once the checkout succeeded.
    this.addSql(`create table idempotency_keys (
      customer_id text not null,
      key text not null,
      request_hash text not null,
      status text not null check (status in ('IN_PROGRESS', 'COMPLETED')),
      order_id uuid,
      response json,
      created_at timestamptz not null default now(),
      primary key (customer_id, key)
    )`);
    // The saga's steps per order, for support staff and tests (GET /orders/{id}/timeline).
    this.addSql(`create table order_timeline (
      id bigserial primary key,
      order_id uuid not null,
      step text not null,
      detail jsonb,
      at timestamptz not null default clock_timestamp()
    )`);
    this.addSql(`create index order_timeline_order_idx on order_timeline (order_id, id)`);
  }
}

/**
 * The vendor's answer: ACCEPTED and REJECTED, when the order was placed (the answer is due
 * VENDOR_ACCEPTANCE_TIMEOUT_SECONDS later; the setting is read by the sweep, so a change applies to
 * orders already waiting) and when it was answered. The vendor's queue and the timeout sweep each
 * read through an index of their own.
 */
class VendorAnswer extends Migration {
  async up(): Promise<void> {
    this.addSql(`alter table orders drop constraint orders_status_check`);
    this.addSql(`alter table orders add constraint orders_status_check check (status in
      ('CHECKOUT', 'CONFIRMING_PAYMENT', 'PENDING_VENDOR_ACCEPTANCE', 'ACCEPTED', 'REJECTED', 'PAYMENT_FAILED', 'CANCELLED', 'EXPIRED'))`);
    this.addSql(`alter table orders add column placed_at timestamptz, add column answered_at timestamptz`);
    // Orders placed before this migration entered PENDING_VENDOR_ACCEPTANCE with their last update.
    this.addSql(`update orders set placed_at = updated_at where status = 'PENDING_VENDOR_ACCEPTANCE'`);
    this.addSql(
      `create index orders_awaiting_vendor_idx on orders (placed_at) where status = 'PENDING_VENDOR_ACCEPTANCE'`,
    );
    this.addSql(`create index orders_vendor_idx on orders (vendor_id, created_at desc, order_id desc)`);
  }
}

/** The stored cart a checkout took (its revision; see cart/cart-store.ts), cleared once the order is placed. */
class CartRevision extends Migration {
  async up(): Promise<void> {
    this.addSql(`alter table orders add column cart_revision text`);
    this.addSql(
      `create index orders_cart_revision_idx on orders (customer_id, cart_revision) where cart_revision is not null`,
    );
  }
}

/**
 * The expiry sweep asks the payment gateway before it expires a checkout and may put the expiry
 * off (a payment found, or the gateway unreachable): `expiry_next_check_at` is both the lease of
 * the replica asking and the time of the next look; `expiry_checks` counts the looks (backoff).
 */
class AddExpiryChecks extends Migration {
  async up(): Promise<void> {
    this.addSql(
      `alter table orders add column expiry_next_check_at timestamptz, add column expiry_checks integer not null default 0`,
    );
  }
}

export const orderMigrations: MigrationDef[] = [
  { name: '0001-create-orders', class: CreateOrders },
  { name: '0002-vendor-answer', class: VendorAnswer },
  { name: '0003-cart-revision', class: CartRevision },
  { name: '0004-expiry-checks', class: AddExpiryChecks },
];
