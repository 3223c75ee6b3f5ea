import { Migration, type MigrationDef } from '@saga/runtime';

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

export const paymentsMigrations: MigrationDef[] = [{ name: '0001-create-payments', class: CreatePayments }];
