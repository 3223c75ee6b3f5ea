// Razorpay webhook events (webhook_events): one row per X-Razorpay-Event-Id. Inserting it is the
// acknowledgement; a row stays RECEIVED until its processing is complete, so nothing acknowledged
// is ever lost. The acknowledgement and the processing transaction are the saga's path and stay
// hand-written SQL: a query builder per statement cost about 55 ms of CPU per saga against 38 ms for
// plain SQL at 16 customers (BENCHMARKS.md at 25d6c19). The reprocess worker's lease is one
// `update … for update skip locked` statement, which an EntityManager cannot say without raw SQL.
// The backlog gauge, a plain read, goes through the EntityManager.
import type { InferEntity } from '@mikro-orm/core';
import type { Database, Queryable } from '@saga/runtime';
import { WebhookEvent } from '../db/entities';

export type WebhookStatus = InferEntity<typeof WebhookEvent>['status'];

export interface StoredWebhook {
  event_id: string;
  event_type: string;
  body: string;
  attempts: number;
}

interface StoredWebhookRow {
  event_id: string;
  event_type: string;
  body: string;
  attempts: number;
}
const toStoredWebhook = (row: StoredWebhookRow): StoredWebhook => ({
  event_id: row.event_id,
  event_type: row.event_type,
  body: row.body,
  attempts: Number(row.attempts),
});

/** Finished events the retention sweep may delete (PROCESSED, IGNORED); RECEIVED and FLAGGED stay. */
export const FINISHED_WEBHOOK_EVENTS = {
  table: 'webhook_events',
  since: 'processed_at',
  where: `status in ('PROCESSED', 'IGNORED')`,
} as const;

export const webhookEventRepository = {
  /** Stores a new event, leased to this replica for `leaseSeconds`; false when the id was seen before. */
  async store(
    db: Queryable,
    event: { eventId: string; eventType: string; body: string; leaseSeconds: number },
  ): Promise<boolean> {
    // Hot (webhook ack): hand-written SQL, see the header.
    const rows = await db.query<{ event_id: string }>(
      `insert into webhook_events (event_id, event_type, body, next_attempt_at) values ($1, $2, $3, clock_timestamp() + make_interval(secs => $4))
       on conflict (event_id) do nothing returning event_id`,
      [event.eventId, event.eventType, event.body, event.leaseSeconds],
    );
    return rows.length > 0;
  },

  /** Inside the processing transaction: the event if it still needs processing and nobody else holds it. */
  async lockUnprocessed(tx: Queryable, eventId: string): Promise<StoredWebhook | undefined> {
    // Hot (webhook processing): hand-written SQL, see the header.
    const [row] = await tx.query<StoredWebhookRow>(
      `select event_id, event_type, body, attempts from webhook_events where event_id = $1 and status = 'RECEIVED' for update skip locked`,
      [eventId],
    );
    return row && toStoredWebhook(row);
  },

  async finish(
    db: Queryable,
    eventId: string,
    status: Exclude<WebhookStatus, 'RECEIVED'>,
    note?: string,
  ): Promise<void> {
    // Hot (webhook processing): hand-written SQL, see the header.
    await db.send(
      `update webhook_events set status = $1, processed_at = clock_timestamp(), attempts = attempts + 1, last_error = $2
        where event_id = $3 and status = 'RECEIVED'`,
      [status, note ?? null, eventId],
    );
  },

  /** Keeps the event leased while work outside the transaction (a Razorpay call) completes it. */
  async extendLease(db: Queryable, eventId: string, seconds: number): Promise<void> {
    await db.query(
      `update webhook_events set next_attempt_at = clock_timestamp() + make_interval(secs => $1) where event_id = $2`,
      [seconds, eventId],
    );
  },

  /** A failed attempt: the event stays RECEIVED and is retried with exponential backoff (capped at 5 minutes). */
  async recordFailure(db: Queryable, eventId: string, error: string): Promise<void> {
    await db.query(
      `update webhook_events set attempts = attempts + 1, last_error = $1,
              next_attempt_at = clock_timestamp() + make_interval(secs => least(300, power(2, least(attempts, 9))))
        where event_id = $2 and status = 'RECEIVED'`,
      [error.slice(0, 1000), eventId],
    );
  },

  /** Leases up to `limit` events whose lease has lapsed (crash, failure); several replicas never take the same one. */
  async claimStale(db: Queryable, limit: number, leaseSeconds: number): Promise<string[]> {
    const rows = await db.query<{ event_id: string }>(
      `update webhook_events set next_attempt_at = clock_timestamp() + make_interval(secs => $1)
        where event_id in (select event_id from webhook_events where status = 'RECEIVED' and next_attempt_at <= clock_timestamp()
                            order by next_attempt_at limit $2 for update skip locked)
        returning event_id`,
      [leaseSeconds, limit],
    );
    return rows.map((r) => r.event_id);
  },

  /** Events acknowledged and not yet processed (an operator's gauge: a read, through the EntityManager). */
  countBacklog(db: Database): Promise<number> {
    return db.em().count(WebhookEvent, { status: 'RECEIVED' });
  },
};
