import { Migration, type MigrationDef } from '@saga/runtime';

/** Every notification meant for a vendor, kept until the vendor acknowledges it. */
class CreateNotifications extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table notifications (
      notification_id uuid primary key,
      vendor_id text not null,
      event text not null,
      source_event_id text not null unique,
      data jsonb not null,
      created_at timestamptz not null default now(),
      acked_at timestamptz
    )`);
    this.addSql(`create index notifications_unacked_idx on notifications (vendor_id, created_at) where acked_at is null`);
  }
}

export const notificationsMigrations: MigrationDef[] = [{ name: '0001-create-notifications', class: CreateNotifications }];
