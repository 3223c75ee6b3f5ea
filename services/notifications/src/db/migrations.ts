import { Migration, type MigrationDef } from '@saga/runtime';
import { ackedNotificationsRetentionMigration } from '../retention/acked-notifications-retention';

/**
 * Every notification meant for a vendor, kept until the vendor acknowledges it. One row per source
 * event (unique), however many times or replicas it is delivered to; `seq` orders the replay
 * oldest first and is its cursor.
 */
class CreateNotifications extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table notifications (
      notification_id uuid primary key,
      seq bigint generated always as identity unique,
      vendor_id text not null,
      event text not null,
      source_event_id text not null unique,
      data jsonb not null,
      created_at timestamptz not null default clock_timestamp(),
      acked_at timestamptz
    )`);
    this.addSql(`create index notifications_unacked_idx on notifications (vendor_id, seq) where acked_at is null`);
  }
}

/**
 * Customers get notifications too (order_status frames about their own orders): each row says who
 * it is for, its audience (vendor or customer) and the recipient's id; vendor_id stays filled for
 * vendors' rows. One source event gives at most one notification per audience (an OrderPlaced
 * gives the vendor's new_order and the customer's order_status).
 */
class CustomerNotifications extends Migration {
  async up(): Promise<void> {
    this
      .addSql(`alter table notifications add column audience text not null default 'vendor' check (audience in ('vendor', 'customer')),
      add column recipient_id text`);
    this.addSql(`update notifications set recipient_id = vendor_id`);
    this.addSql(
      `alter table notifications alter column recipient_id set not null, alter column vendor_id drop not null`,
    );
    this.addSql(`alter table notifications drop constraint notifications_source_event_id_key`);
    this.addSql(
      `alter table notifications add constraint notifications_source_event_audience_key unique (source_event_id, audience)`,
    );
    this.addSql(
      `create index notifications_unacked_recipient_idx on notifications (audience, recipient_id, seq) where acked_at is null`,
    );
    this.addSql(`drop index notifications_unacked_idx`);
  }
}

export const notificationsMigrations: MigrationDef[] = [
  { name: '0001-create-notifications', class: CreateNotifications },
  ackedNotificationsRetentionMigration,
  { name: '0003-customer-notifications', class: CustomerNotifications },
];
