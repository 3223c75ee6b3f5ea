// The notifications table: one row per source event, replayed oldest first until acknowledged.
import { randomUUID } from 'node:crypto';
import { type Queryable, jsonValue } from '@saga/runtime';
import type { NewOrderData, Notification } from './notification';

interface NotificationRow {
  notification_id: string;
  seq: string | number;
  vendor_id: string;
  event: 'new_order';
  data: NewOrderData | string;
  acked_at: string | Date | null;
}

const COLUMNS = 'notification_id, seq, vendor_id, event, data, acked_at';

const toNotification = (row: NotificationRow): Notification => ({
  id: row.notification_id,
  seq: String(row.seq),
  vendorId: row.vendor_id,
  event: row.event,
  data: jsonValue(row.data),
  acked: row.acked_at !== null,
});

/** Records the notification for a source event; undefined when that event already has one. */
export async function insertNotification(tx: Queryable, sourceEventId: string, data: NewOrderData): Promise<Notification | undefined> {
  const [row] = await tx.query<NotificationRow>(
    `insert into notifications (notification_id, vendor_id, event, source_event_id, data) values (?, ?, 'new_order', ?, ?)
       on conflict (source_event_id) do nothing returning ${COLUMNS}`,
    [randomUUID(), data.vendorId, sourceEventId, JSON.stringify(data)],
  );
  return row && toNotification(row);
}

export async function findBySourceEvent(db: Queryable, sourceEventId: string): Promise<Notification | undefined> {
  const [row] = await db.query<NotificationRow>(`select ${COLUMNS} from notifications where source_event_id = ?`, [sourceEventId]);
  return row && toNotification(row);
}

/** The vendor's unacknowledged notifications after `afterSeq`, oldest first. */
export async function unackedPage(db: Queryable, vendorId: string, afterSeq: string, limit: number): Promise<Notification[]> {
  const rows = await db.query<NotificationRow>(
    `select ${COLUMNS} from notifications where vendor_id = ? and acked_at is null and seq > ? order by seq limit ?`,
    [vendorId, afterSeq, limit],
  );
  return rows.map(toNotification);
}

/** Which of these notifications are still unacknowledged. */
export async function stillUnacked(db: Queryable, ids: string[]): Promise<Set<string>> {
  const rows = await db.query<{ notification_id: string }>('select notification_id from notifications where notification_id in (?) and acked_at is null', [ids]);
  return new Set(rows.map((r) => r.notification_id));
}

export type AckOutcome = 'ACKED' | 'ALREADY_ACKED' | 'NOT_FOUND';

/** Acknowledges one of the vendor's own notifications; another vendor's id is NOT_FOUND. */
export async function acknowledge(db: Queryable, vendorId: string, notificationId: string): Promise<AckOutcome> {
  const acked = await db.query(
    'update notifications set acked_at = clock_timestamp() where notification_id = ? and vendor_id = ? and acked_at is null returning notification_id',
    [notificationId, vendorId],
  );
  if (acked.length) return 'ACKED';
  const [known] = await db.query('select 1 from notifications where notification_id = ? and vendor_id = ?', [notificationId, vendorId]);
  return known ? 'ALREADY_ACKED' : 'NOT_FOUND';
}
