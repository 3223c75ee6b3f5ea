// Retention of Razorpay webhook events: a finished event (PROCESSED, IGNORED) is deleted once it is
// older than RETENTION_WEBHOOK_EVENTS_DAYS. Its row is what makes a webhook Razorpay sends again
// (it retries for 24 hours when our answer is lost) and reconciliation's synthetic webhooks (for
// intents up to RECONCILE_MAX_INTENT_AGE_HOURS old) count once, so the window covers both.
// RECEIVED events (still to process) and FLAGGED ones (for a person to review) are never deleted.
import { ConfigError, Migration, type RetentionRule, parseEnv, retentionDays } from '@saga/runtime';
import { z } from 'zod';
import { FINISHED_WEBHOOK_EVENTS } from '../repositories/webhook-event-repository';

const RetentionEnv = z.object({
  RETENTION_WEBHOOK_EVENTS_DAYS: retentionDays(7, 1),
});

export function webhookEventsRetention(env: NodeJS.ProcessEnv, reconcileMaxIntentAgeHours: number): RetentionRule {
  const days = parseEnv(RetentionEnv, env).RETENTION_WEBHOOK_EVENTS_DAYS;
  if (days * 24 < reconcileMaxIntentAgeHours) {
    throw new ConfigError([
      `RETENTION_WEBHOOK_EVENTS_DAYS: must cover RECONCILE_MAX_INTENT_AGE_HOURS (${reconcileMaxIntentAgeHours} h)`,
    ]);
  }
  return { ...FINISHED_WEBHOOK_EVENTS, days };
}

/** The sweep's index: finished events by age, and only those it may delete. */
class IndexFinishedWebhookEvents extends Migration {
  async up(): Promise<void> {
    this.addSql(
      `create index if not exists webhook_events_finished_idx on webhook_events (processed_at) where status in ('PROCESSED', 'IGNORED')`,
    );
  }
}

export const webhookEventsRetentionMigration = {
  name: '0004-webhook-events-retention-index',
  class: IndexFinishedWebhookEvents,
};
