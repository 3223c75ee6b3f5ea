// Retention of acknowledged notifications: deleted RETENTION_ACKED_NOTIFICATIONS_DAYS after their
// acknowledgement; an unacknowledged one is never deleted (it is replayed until acknowledged). A
// notification's row is also what makes a redelivered OrderPlaced record nothing (its source event
// id is unique; this consumer keeps no inbox row), so the window is at least the longest redelivery.
import { LONGEST_REDELIVERY_DAYS, Migration, type RetentionRule, parseEnv, retentionDays } from '@saga/runtime';
import { z } from 'zod';

const RetentionEnv = z.object({
  RETENTION_ACKED_NOTIFICATIONS_DAYS: retentionDays(7, LONGEST_REDELIVERY_DAYS),
});

export function ackedNotificationsRetention(env: NodeJS.ProcessEnv): RetentionRule {
  const days = parseEnv(RetentionEnv, env).RETENTION_ACKED_NOTIFICATIONS_DAYS;
  return { table: 'notifications', since: 'acked_at', days };
}

/** The sweep's index: acknowledged notifications by acknowledgement time. */
class IndexAckedNotifications extends Migration {
  async up(): Promise<void> {
    this.addSql(
      `create index if not exists notifications_acked_at_idx on notifications (acked_at) where acked_at is not null`,
    );
  }
}

export const ackedNotificationsRetentionMigration = {
  name: '0002-acked-notifications-retention-index',
  class: IndexAckedNotifications,
};
