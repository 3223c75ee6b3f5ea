// Retention of notifications: acknowledged ones older than the window are deleted by the retention
// sweep and counted; unacknowledged ones are never deleted, however old; bad settings name the variable.
import { notificationsService } from '@saga/notifications';
import type { RetentionWorker } from '@saga/runtime';
import { randomUUID } from 'node:crypto';
import { startSingleService, type SingleService } from '../../../tests/support/single-service';
import { ackedNotificationsRetention } from '../src/retention/acked-notifications-retention';
import { metricValue } from './support/orders';

describe('notifications: retention of acknowledged notifications', () => {
  let notifications: SingleService;
  beforeAll(async () => {
    notifications = await startSingleService(notificationsService, { RETENTION_ACKED_NOTIFICATIONS_DAYS: '5' });
  });
  afterAll(() => notifications.stop());

  async function notification(name: string, createdDaysAgo: number, ackedDaysAgo: number | null): Promise<void> {
    await notifications.sql(
      `insert into notifications.notifications (notification_id, audience, recipient_id, vendor_id, event, source_event_id, data, created_at, acked_at)
       values ($1, 'vendor', 'vendor-retention', 'vendor-retention', 'new_order', $2, '{}', now() - make_interval(secs => $3::float8 * 86400), now() - make_interval(secs => $4::float8 * 86400))`,
      [randomUUID(), name, createdDaysAgo, ackedDaysAgo],
    );
  }

  it('deletes notifications acknowledged before the window and keeps recently acknowledged and unacknowledged ones', async () => {
    await notification('acked-long-ago', 9, 6);
    await notification('acked-recently', 9, 4);
    await notification('never-acked', 90, null);

    const report = await (notifications.workers.retention as RetentionWorker).runOnce();

    expect(report).toMatchObject({ notifications: 1 });
    const left = await notifications.sql<{ source_event_id: string }>(
      'select source_event_id from notifications.notifications order by source_event_id',
    );
    expect(left.map((r) => r.source_event_id)).toEqual(['acked-recently', 'never-acked']);
    expect(await metricValue(notifications.url, 'retention_deleted_rows_total', { table: 'notifications' })).toBe(1);
  });

  it('names the variable when the window is bad', () => {
    expect(() => ackedNotificationsRetention({ RETENTION_ACKED_NOTIFICATIONS_DAYS: 'never' })).toThrow(
      /RETENTION_ACKED_NOTIFICATIONS_DAYS/,
    );
    // Shorter than the longest redelivery: a late OrderPlaced would notify the vendor again.
    expect(() => ackedNotificationsRetention({ RETENTION_ACKED_NOTIFICATIONS_DAYS: '1' })).toThrow(
      /RETENTION_ACKED_NOTIFICATIONS_DAYS/,
    );
    expect(ackedNotificationsRetention({})).toMatchObject({ table: 'notifications', since: 'acked_at', days: 7 });
  });
});
