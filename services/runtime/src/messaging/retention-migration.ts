import { Migration, type MigrationDef } from '../db/database';
import { messagingMigration } from './messaging-migration';

/**
 * Indexes the retention sweep finds old rows by, so a sweep reads only what it deletes instead of
 * scanning the table. Partial where only some rows can ever go: an unpublished outbox row never
 * enters its index. (Dead letters are few: no index.) `if not exists`: on a large table an operator
 * may build them beforehand with CREATE INDEX CONCURRENTLY (README, Retention), which takes no lock.
 */
class AddMessagingRetentionIndexes extends Migration {
  async up(): Promise<void> {
    this.addSql(
      `create index if not exists outbox_published_at_idx on outbox (published_at) where published_at is not null`,
    );
    this.addSql(`create index if not exists inbox_processed_at_idx on inbox (processed_at)`);
  }
}

export const messagingRetentionMigration = {
  name: '0000-messaging-retention-indexes',
  class: AddMessagingRetentionIndexes,
};

/** The runtime's migrations, applied before a service's own (service host and migration Job alike). */
export const runtimeMigrations: MigrationDef[] = [messagingMigration, messagingRetentionMigration];
