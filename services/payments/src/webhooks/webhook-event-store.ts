// The webhook_events table: one row per X-Razorpay-Event-Id. Inserting it is the acknowledgement;
// a row stays RECEIVED until its processing is complete, so nothing acknowledged is ever lost.
import type { Queryable } from '@saga/runtime';

export type WebhookStatus = 'RECEIVED' | 'PROCESSED' | 'IGNORED' | 'FLAGGED';

export interface StoredWebhook {
  event_id: string;
  event_type: string;
  body: string;
  attempts: number;
}

/** Stores a new event, leased to this replica for `leaseSeconds`; false when the id was seen before. */
export async function insertWebhook(db: Queryable, event: { eventId: string; eventType: string; body: string; leaseSeconds: number }): Promise<boolean> {
  const rows = await db.query(
    `insert into webhook_events (event_id, event_type, body, next_attempt_at) values (?, ?, ?, clock_timestamp() + make_interval(secs => ?))
     on conflict (event_id) do nothing returning event_id`,
    [event.eventId, event.eventType, event.body, event.leaseSeconds],
  );
  return rows.length > 0;
}

/** Inside the processing transaction: the event if it still needs processing and nobody else holds it. */
export async function lockUnprocessed(tx: Queryable, eventId: string): Promise<StoredWebhook | undefined> {
  const [row] = await tx.query<StoredWebhook>(
    `select event_id, event_type, body, attempts from webhook_events where event_id = ? and status = 'RECEIVED' for update skip locked`,
    [eventId],
  );
  return row;
}

export async function finishWebhook(db: Queryable, eventId: string, status: Exclude<WebhookStatus, 'RECEIVED'>, note?: string): Promise<void> {
  await db.send(
    `update webhook_events set status = ?, processed_at = clock_timestamp(), attempts = attempts + 1, last_error = ?
      where event_id = ? and status = 'RECEIVED'`,
    [status, note ?? null, eventId],
  );
}

/** Keeps the event leased while work outside the transaction (a Razorpay call) completes it. */
export async function extendLease(db: Queryable, eventId: string, seconds: number): Promise<void> {
  await db.query(`update webhook_events set next_attempt_at = clock_timestamp() + make_interval(secs => ?) where event_id = ?`, [seconds, eventId]);
}

/** A failed attempt: the event stays RECEIVED and is retried with exponential backoff (capped at 5 minutes). */
export async function recordWebhookFailure(db: Queryable, eventId: string, error: string): Promise<void> {
  await db.query(
    `update webhook_events set attempts = attempts + 1, last_error = ?,
            next_attempt_at = clock_timestamp() + make_interval(secs => least(300, power(2, least(attempts, 9))))
      where event_id = ? and status = 'RECEIVED'`,
    [error.slice(0, 1000), eventId],
  );
}

/** Leases up to `limit` events whose lease has lapsed (crash, failure); several replicas never take the same one. */
export async function claimStaleWebhooks(db: Queryable, limit: number, leaseSeconds: number): Promise<string[]> {
  const rows = await db.query<{ event_id: string }>(
    `update webhook_events set next_attempt_at = clock_timestamp() + make_interval(secs => ?)
      where event_id in (select event_id from webhook_events where status = 'RECEIVED' and next_attempt_at <= clock_timestamp()
                          order by next_attempt_at limit ? for update skip locked)
      returning event_id`,
    [leaseSeconds, limit],
  );
  return rows.map((r) => r.event_id);
}
