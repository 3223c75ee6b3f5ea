// The notifications table: one row per source event and audience (a vendor's new_order and the
// customer's order_status may come from one OrderPlaced), replayed oldest first until acknowledged.
import { randomUUID } from 'node:crypto';
import { type Queryable, jsonValue } from '@saga/runtime';
import type { Notification, NotificationEvent, Recipient } from './notification';

interface NotificationRow {
  notification_id: string;
  seq: string | number;
  audience: Recipient['audience'];
  recipient_id: string;
  event: NotificationEvent;
  data: Notification['data'] | string;
  acked_at: string | Date | null;
}

const COLUMNS = 'notification_id, seq, audience, recipient_id, event, data, acked_at';

const toNotification = (row: NotificationRow): Notification => ({
  id: row.notification_id,
  seq: String(row.seq),
  recipient: { audience: row.audience, id: row.recipient_id },
  event: row.event,
  data: jsonValue(row.data),
  acked: row.acked_at !== null,
});

/** Records the notification of a source event for its audience; undefined when it has one already. */
export async function insertNotification(
  tx: Queryable,
  sourceEventId: string,
  recipient: Recipient,
  event: NotificationEvent,
  data: Notification['data'],
): Promise<Notification | undefined> {
  const [row] = await tx.query<NotificationRow>(
    `insert into notifications (notification_id, audience, recipient_id, vendor_id, event, source_event_id, data) values (?, ?, ?, ?, ?, ?, ?)
       on conflict (source_event_id, audience) do nothing returning ${COLUMNS}`,
    [randomUUID(), recipient.audience, recipient.id, recipient.audience === 'vendor' ? recipient.id : null, event, sourceEventId, JSON.stringify(data)],
  );
  return row && toNotification(row);
}

export async function findBySourceEvent(db: Queryable, sourceEventId: string, audience: Recipient['audience']): Promise<Notification | undefined> {
  const [row] = await db.query<NotificationRow>(`select ${COLUMNS} from notifications where source_event_id = ? and audience = ?`, [sourceEventId, audience]);
  return row && toNotification(row);
}

/** The recipient's unacknowledged notifications after `afterSeq`, oldest first. */
export async function unackedPage(db: Queryable, recipient: Recipient, afterSeq: string, limit: number): Promise<Notification[]> {
  const rows = await db.query<NotificationRow>(
    `select ${COLUMNS} from notifications where audience = ? and recipient_id = ? and acked_at is null and seq > ? order by seq limit ?`,
    [recipient.audience, recipient.id, afterSeq, limit],
  );
  return rows.map(toNotification);
}

/** Which of these notifications are still unacknowledged. */
export async function stillUnacked(db: Queryable, ids: string[]): Promise<Set<string>> {
  const rows = await db.query<{ notification_id: string }>('select notification_id from notifications where notification_id in (?) and acked_at is null', [ids]);
  return new Set(rows.map((r) => r.notification_id));
}

export type AckOutcome = 'ACKED' | 'ALREADY_ACKED' | 'NOT_FOUND';

/** Acknowledges one of the recipient's own notifications; anyone else's id is NOT_FOUND. */
export async function acknowledge(db: Queryable, recipient: Recipient, notificationId: string): Promise<AckOutcome> {
  const acked = await db.query(
    'update notifications set acked_at = clock_timestamp() where notification_id = ? and audience = ? and recipient_id = ? and acked_at is null returning notification_id',
    [notificationId, recipient.audience, recipient.id],
  );
  if (acked.length) return 'ACKED';
  const [known] = await db.query('select 1 from notifications where notification_id = ? and audience = ? and recipient_id = ?', [notificationId, recipient.audience, recipient.id]);
  return known ? 'ALREADY_ACKED' : 'NOT_FOUND';
}
