// The Notification aggregate (the notifications table): one row per source event and audience (a
// vendor's new_order and the customer's order_status may come from one OrderPlaced), replayed oldest
// first until acknowledged. Recording, replaying and acknowledging are the saga's last steps (15-16)
// and stay hand-written SQL: a query builder per statement cost 55 vs 38 ms CPU per saga
// (BENCHMARKS.md at 25d6c19). Retention deletes through the runtime's RetentionRule (no SQL here).
import { randomUUID } from 'node:crypto';
import type { InferEntity } from '@mikro-orm/core';
import { type Queryable, jsonValue } from '@saga/runtime';
import type { Notification as NotificationEntity } from '../db/entities';
import type { Notification, NotificationEvent, Recipient } from '../notifications/notification';

type Entity = InferEntity<typeof NotificationEntity>;

/** A notifications row as pg returns it to these statements: the entity's columns, by column name. */
interface NotificationRow {
  notification_id: Entity['notificationId'];
  seq: Entity['seq'] | number;
  audience: Entity['audience'];
  recipient_id: Entity['recipientId'];
  /** A text column: only record() writes it, with a NotificationEvent. */
  event: NotificationEvent;
  data: Notification['data'] | string;
  acked_at: Entity['ackedAt'] | string;
}

const COLUMNS = 'notification_id, seq, audience, recipient_id, event, data, acked_at';

const toNotification = (row: NotificationRow): Notification => ({
  id: row.notification_id,
  seq: String(row.seq),
  recipient: { audience: row.audience, id: row.recipient_id },
  event: row.event,
  // Written only by record(), from order events the runtime validated against the contracts; not
  // parsed again on the way out (a row failing a newer schema would then block its recipient's replay).
  data: jsonValue(row.data),
  acked: row.acked_at !== null,
});

export type AckOutcome = 'ACKED' | 'ALREADY_ACKED' | 'NOT_FOUND';

export const notificationRepository = {
  /** Records the notification of a source event for its audience; undefined when it has one already. */
  async record(
    q: Queryable,
    sourceEventId: string,
    recipient: Recipient,
    event: NotificationEvent,
    data: Notification['data'],
  ): Promise<Notification | undefined> {
    // Hot (step 15, every OrderPlaced): hand-written SQL, see the header.
    const [row] = await q.query<NotificationRow>(
      `insert into notifications (notification_id, audience, recipient_id, vendor_id, event, source_event_id, data) values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (source_event_id, audience) do nothing returning ${COLUMNS}`,
      [
        randomUUID(),
        recipient.audience,
        recipient.id,
        recipient.audience === 'vendor' ? recipient.id : null,
        event,
        sourceEventId,
        JSON.stringify(data),
      ],
    );
    return row && toNotification(row);
  },

  async findBySourceEvent(
    q: Queryable,
    sourceEventId: string,
    audience: Recipient['audience'],
  ): Promise<Notification | undefined> {
    // Hot (step 15, a redelivery or another replica's delivery): hand-written SQL, see the header.
    const [row] = await q.query<NotificationRow>(
      `select ${COLUMNS} from notifications where source_event_id = $1 and audience = $2`,
      [sourceEventId, audience],
    );
    return row && toNotification(row);
  },

  /** The recipient's unacknowledged notifications after `afterSeq`, oldest first. */
  async unackedPage(q: Queryable, recipient: Recipient, afterSeq: string, limit: number): Promise<Notification[]> {
    // Hot (step 16, every vendor connect replays): hand-written SQL, see the header.
    const rows = await q.query<NotificationRow>(
      `select ${COLUMNS} from notifications where audience = $1 and recipient_id = $2 and acked_at is null and seq > $3 order by seq limit $4`,
      [recipient.audience, recipient.id, afterSeq, limit],
    );
    return rows.map(toNotification);
  },

  /** Which of these notifications are still unacknowledged. */
  async stillUnacked(q: Queryable, ids: string[]): Promise<Set<string>> {
    // Hot (step 16, live frames held behind a replay): hand-written SQL, see the header.
    const rows = await q.query<{ notification_id: string }>(
      'select notification_id from notifications where notification_id = any($1::uuid[]) and acked_at is null',
      [ids],
    );
    return new Set(rows.map((r) => r.notification_id));
  },

  /** Acknowledges one of the recipient's own notifications; anyone else's id is NOT_FOUND. */
  async acknowledge(q: Queryable, recipient: Recipient, notificationId: string): Promise<AckOutcome> {
    // Hot (step 16, the vendor's ack): hand-written SQL, see the header.
    const acked = await q.query<{ notification_id: string }>(
      'update notifications set acked_at = clock_timestamp() where notification_id = $1 and audience = $2 and recipient_id = $3 and acked_at is null returning notification_id',
      [notificationId, recipient.audience, recipient.id],
    );
    if (acked.length) return 'ACKED';
    // Only when the ack changed nothing (a repeated ack, or someone else's id): hand-written like the one above.
    const [known] = await q.query<{ known: number }>(
      'select 1 as known from notifications where notification_id = $1 and audience = $2 and recipient_id = $3',
      [notificationId, recipient.audience, recipient.id],
    );
    return known ? 'ALREADY_ACKED' : 'NOT_FOUND';
  },
};
