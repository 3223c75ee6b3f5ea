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

export const notificationsMigrations: MigrationDef[] = [{ name: '0001-create-notifications', class: CreateNotifications }, ackedNotificationsRetentionMigration];
