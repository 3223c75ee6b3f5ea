// What a crash left in an outbox reaches every consumer at the next start, the services that
// start after the publisher included. The embedded system starts its services one after another;
// no relay may publish before the last of them has subscribed.
import { randomUUID } from 'node:crypto';
import { OrderPlaced, TOPICS } from '@saga/contracts';
import { createLogger, newEvent } from '@saga/runtime';
import { Client } from 'pg';
import { startEmbeddedSystem } from '../../tools/system/start-system';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { testSystemEnv } from '../support/test-system';
import { until } from '../support/until';

const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

describe('outbox events left by a crash, at the next start', () => {
  let database: TestDatabase;
  let pg: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    // A first run creates the schemas; the crash is played by writing what it leaves.
    const first = await startEmbeddedSystem({
      env: testSystemEnv(database.url),
      simulator: { webhookRetries: 0 },
      logger,
    });
    await first.close();
    pg = new Client({ connectionString: database.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await database?.drop();
  });

  it('delivers an OrderPlaced committed before the crash to notifications, which starts after order', async () => {
    const vendorId = 'vendor-leftover';
    const event = OrderPlaced.parse(
      newEvent('OrderPlaced', {
        orderId: randomUUID(),
        customerId: 'customer-leftover',
        vendorId,
        items: [{ productId: 'thali', vendorId, name: 'Thali', quantity: 1, unitPrice: 20000, lineTotal: 20000 }],
        amount: 20000,
        currency: 'INR' as const,
        paymentId: 'pay_leftover0001',
        placedAt: new Date().toISOString(),
      }),
    );
    // Committed, never published, its hand-over lease long lapsed.
    await pg.query(
      `insert into orders.outbox (event_id, topic, event, attempts, next_attempt_at) values ($1, $2, $3, 1, now() - interval '1 minute')`,
      [event.eventId, TOPICS.orderEvents, JSON.stringify(event)],
    );

    const system = await startEmbeddedSystem({
      env: { ...testSystemEnv(database.url), OUTBOX_POLL_MS: '200' },
      simulator: { webhookRetries: 0 },
      logger,
    });
    try {
      const published = await until(
        async () =>
          (await pg.query('select published_at from orders.outbox where event_id = $1', [event.eventId])).rows[0]
            ?.published_at,
        (at) => Boolean(at),
        15_000,
      );
      expect(published).toBeTruthy();
      await system.hub.idle();
      const { rows } = await pg.query(
        `select vendor_id, event from notifications.notifications where source_event_id = $1 and event = 'new_order'`,
        [event.eventId],
      );
      expect(rows).toEqual([{ vendor_id: vendorId, event: 'new_order' }]);
    } finally {
      await system.close();
    }
  });
});
