import { Migration, type MigrationDef } from '@saga/runtime';

/**
 * Stock is `stock` (on hand, not yet sold) and `reserved` (held for open checkouts); what can be
 * sold is stock - reserved. The CHECK keeps reserved within stock: even a bug cannot oversell.
 */
class CreateCatalog extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table products (
      product_id text primary key,
      vendor_id text not null,
      name text not null,
      price_paise bigint not null check (price_paise >= 0),
      currency text not null default 'INR' check (currency = 'INR'),
      stock integer not null check (stock >= 0),
      reserved integer not null default 0 check (reserved >= 0 and reserved <= stock),
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create table holds (
      order_reference text primary key,
      status text not null check (status in ('HELD', 'RELEASED', 'SOLD', 'EXPIRED')),
      reason text,
      expires_at timestamptz not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create index holds_expiry_idx on holds (expires_at) where status = 'HELD'`);
    this.addSql(`create table hold_items (
      order_reference text not null references holds (order_reference),
      product_id text not null references products (product_id),
      quantity integer not null check (quantity > 0),
      unit_price_paise bigint not null,
      primary key (order_reference, product_id)
    )`);
  }
}

/** A sold hold whose order was rejected gave its stock back: set once, so it is given back once. */
class RestockRejectedSales extends Migration {
  async up(): Promise<void> {
    this.addSql('alter table holds add column restocked_at timestamptz');
  }
}

export const catalogMigrations: MigrationDef[] = [
  { name: '0001-create-catalog', class: CreateCatalog },
  { name: '0002-restock-rejected-sales', class: RestockRejectedSales },
];
