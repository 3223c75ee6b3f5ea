// How long the messaging tables keep what they no longer need, parsed once at boot (a bad value
// stops the service naming the variable). README, "Retention", says how the defaults were chosen.
import { z } from 'zod';
import { parseEnv } from '../config/env';

/**
 * The longest a message can come back after it was first delivered, in days: SQS keeps a message
 * at most its retention period (4 days, the default the components in components/aws keep; its
 * dead-letter queue counts from the original send too), far above Dapr's retries (about 140 s),
 * the brokers' redelivery timeouts (180 s) and the embedded hub's schedule (seconds). A record of
 * what was processed (the inbox, a notification's source event) must outlive it, or a late
 * redelivery would be processed a second time.
 */
export const LONGEST_REDELIVERY_DAYS = 4;

/** A window in days (fractions allowed): more than 0, or at least `min`. */
export const retentionDays = (fallback: number, min?: number) => {
  const days = z.coerce.number().max(3650);
  return (min === undefined ? days.positive() : days.min(min)).default(fallback);
};

const RetentionEnv = z.object({
  /** How often each replica sweeps (every replica may: rows are taken with SKIP LOCKED). */
  RETENTION_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  /** Rows one DELETE removes: short statements, short locks. */
  RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** Published outbox rows (unpublished ones are never deleted), from their publication. */
  RETENTION_OUTBOX_DAYS: retentionDays(3),
  /** Inbox records, from their processing: at least the longest redelivery window. */
  RETENTION_INBOX_DAYS: retentionDays(7, LONGEST_REDELIVERY_DAYS),
  /** Dead letters, from their arrival, replayed or not. */
  RETENTION_DEAD_LETTERS_DAYS: retentionDays(30),
});

export type RetentionConfig = ReturnType<typeof loadRetentionConfig>;

export function loadRetentionConfig(env: NodeJS.ProcessEnv) {
  const c = parseEnv(RetentionEnv, env);
  return {
    intervalMs: c.RETENTION_INTERVAL_SECONDS * 1000,
    batchSize: c.RETENTION_BATCH_SIZE,
    outboxDays: c.RETENTION_OUTBOX_DAYS,
    inboxDays: c.RETENTION_INBOX_DAYS,
    deadLettersDays: c.RETENTION_DEAD_LETTERS_DAYS,
  };
}
