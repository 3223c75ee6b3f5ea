// Retention of Razorpay webhook events: finished events (PROCESSED, IGNORED) older than the window
// are deleted by the retention sweep and counted; newer ones, events still RECEIVED (to process)
// and FLAGGED ones (for a person) are kept, however old.
import { paymentsService } from '@saga/payments';
import type { RetentionWorker } from '@saga/runtime';
import { startSingleService, type SingleService } from '../../../tests/support/single-service';
import { webhookEventsRetention } from '../src/retention/webhook-events-retention';

describe('payments: retention of webhook events', () => {
  let payments: SingleService;
  beforeAll(async () => {
    payments = await startSingleService(paymentsService, { RETENTION_WEBHOOK_EVENTS_DAYS: '5' });
  });
  afterAll(() => payments.stop());

  const webhook = (eventId: string, status: string, processedDaysAgo: number | null) =>
    payments.sql(
      `insert into payments.webhook_events (event_id, event_type, body, status, received_at, processed_at)
       values ($1, 'payment.captured', '{}', $2, now() - make_interval(days => 30), now() - make_interval(secs => $3::float8 * 86400))`,
      [eventId, status, processedDaysAgo],
    );
  const deletedMetric = async () => {
    const text = await (await fetch(`${payments.url}/metrics`)).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith('retention_deleted_rows_total{') && l.includes('table="webhook_events"'));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };

  it('deletes finished events older than RETENTION_WEBHOOK_EVENTS_DAYS and keeps newer, unprocessed and flagged ones', async () => {
    await webhook('evt_old_processed', 'PROCESSED', 6);
    await webhook('evt_old_ignored', 'IGNORED', 5.5);
    await webhook('evt_recent_processed', 'PROCESSED', 4);
    await webhook('evt_old_flagged', 'FLAGGED', 60);
    await webhook('evt_received', 'RECEIVED', null);

    const report = await (payments.workers.retention as RetentionWorker).runOnce();

    expect(report).toMatchObject({ webhook_events: 2 });
    const left = await payments.sql<{ event_id: string }>(
      'select event_id from payments.webhook_events order by event_id',
    );
    expect(left.map((r) => r.event_id)).toEqual(['evt_old_flagged', 'evt_received', 'evt_recent_processed']);
    expect(await deletedMetric()).toBe(2);
  });

  it('names the variable when the window is bad or shorter than reconciliation looks back', () => {
    expect(() => webhookEventsRetention({ RETENTION_WEBHOOK_EVENTS_DAYS: 'soon' }, 72)).toThrow(
      /RETENTION_WEBHOOK_EVENTS_DAYS/,
    );
    expect(() => webhookEventsRetention({ RETENTION_WEBHOOK_EVENTS_DAYS: '0.5' }, 1)).toThrow(
      /RETENTION_WEBHOOK_EVENTS_DAYS/,
    );
    expect(() => webhookEventsRetention({ RETENTION_WEBHOOK_EVENTS_DAYS: '2' }, 72)).toThrow(
      /RETENTION_WEBHOOK_EVENTS_DAYS: must cover RECONCILE_MAX_INTENT_AGE_HOURS/,
    );
    expect(webhookEventsRetention({}, 72)).toMatchObject({ table: 'webhook_events', days: 7 });
  });
});
