// runtime.on(topic, handlers): each handler gets its event with the payload validated against the
// contract; other event types are acknowledged; a payload that breaks the contract is retried and
// then dead-lettered (never acknowledged, never retried forever); with oncePerEvent, the same event
// delivered twice changes the state once (inbox row and change in one transaction, real PostgreSQL).
import { type AnyEvent, TOPICS } from '@saga/contracts';
import { EmbeddedHub } from '../../../tests/support/in-process-hub';
import {
  Database,
  type Outbox,
  createLogger,
  createOutbox,
  messagingMigration,
  newEvent,
  oncePerEvent,
  type TypedEvent,
} from '@saga/runtime';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database';

const logger = createLogger({ level: 'silent' });
const FAST = { maxAttempts: 3, initialBackoffMs: 1, maxBackoffMs: 2 };

const refundRequested = (paymentId: string) =>
  newEvent('RefundRequested', {
    orderId: '6f1b6c43-5f2a-4b8e-9a3c-2d1e0f9a8b7c',
    paymentId,
    amount: 12_300,
    currency: 'INR',
    reason: 'test',
  });

function system() {
  const hub = new EmbeddedHub(logger, FAST);
  const deadLetters: AnyEvent[] = [];
  hub.runtimeFor('dlq-reader').subscribe({
    topic: `${TOPICS.orderEvents}.deadletter`,
    handler: async (e) => void deadLetters.push(e.data),
    deadLetterTopic: null,
  });
  return { hub, consumer: hub.runtimeFor('payments'), deadLetters };
}

describe('typed subscriptions (runtime.on)', () => {
  it('hands a valid event to the handler of its type, with its payload parsed', async () => {
    const { hub, consumer } = system();
    const seen: Array<TypedEvent<'order-events', 'RefundRequested'>['data']> = [];
    const cancelled: string[] = [];
    consumer.on(TOPICS.orderEvents, {
      RefundRequested: async (event) => void seen.push(event.data),
      OrderCancelled: async (event) => void cancelled.push(event.data.payload.orderId),
    });
    hub.seal();
    const event = refundRequested('pay_1');
    await hub.publish(TOPICS.orderEvents, event);
    expect(seen).toEqual([event]);
    expect(seen[0]!.payload.amount).toBe(12_300);
    expect(cancelled).toEqual([]);
  });

  it('acknowledges an event type it has no handler for, without retrying or dead-lettering it', async () => {
    const { hub, consumer, deadLetters } = system();
    let calls = 0;
    consumer.on(TOPICS.orderEvents, { RefundRequested: async () => void calls++ });
    hub.seal();
    await hub.publish(TOPICS.orderEvents, newEvent('OrderShippedByDrone', { orderId: 'o-1' }));
    await hub.publish(
      TOPICS.orderEvents,
      newEvent('OrderExpired', { orderId: 'o-1', reason: 'r', expiredAt: new Date().toISOString() }),
    );
    expect(calls).toBe(0);
    expect(deadLetters).toEqual([]);
  });

  it('never hands a payload that breaks the contract to the handler: retried, then dead-lettered', async () => {
    const { hub, consumer, deadLetters } = system();
    let calls = 0;
    consumer.on(TOPICS.orderEvents, { RefundRequested: async () => void calls++ });
    hub.seal();
    const broken = newEvent('RefundRequested', {
      orderId: 'o-1',
      paymentId: 'pay_1',
      amount: 'a lot',
      currency: 'INR',
      reason: 'test',
    });
    await hub.publish(TOPICS.orderEvents, broken);
    expect(calls).toBe(0);
    expect(deadLetters.map((e) => e.eventId)).toEqual([broken.eventId]);
  });

  it('keeps the subscription free of type errors: a handler takes only its own event type', () => {
    const { consumer } = system();
    // @ts-expect-error PaymentConfirmed does not travel on order-events
    consumer.on(TOPICS.orderEvents, { PaymentConfirmed: async () => undefined });
    // @ts-expect-error the RefundRequested payload has no orderReference
    consumer.on(TOPICS.orderEvents, { RefundRequested: async (event) => void event.data.payload.orderReference });
  });

  describe('with the inbox (oncePerEvent)', () => {
    let database: TestDatabase;
    let db: Database;
    let outbox: Outbox;

    beforeAll(async () => {
      database = await createTestDatabase();
      db = await Database.connect({
        url: database.url,
        schema: 'typedsubs',
        migrations: [messagingMigration],
        poolSize: 2,
        logger,
        serverFeatures: true,
      });
      await db.migrate();
      await db.query('create table refunds_seen (payment_id text primary key, times int not null)');
      outbox = createOutbox(db, { handOverLeaseSeconds: 30, publishCommitted: () => undefined });
    });
    afterAll(async () => {
      await db.close();
      await database.drop();
    });

    it('processes the same event delivered twice once, and runs afterCommit only for the delivery that did the work', async () => {
      const { hub, consumer } = system();
      const committed: string[] = [];
      consumer.on(TOPICS.orderEvents, {
        RefundRequested: oncePerEvent(
          outbox,
          'test.refund-requested',
          async (event, tx) => {
            await tx.query(
              'insert into refunds_seen (payment_id, times) values ($1, 1) on conflict (payment_id) do update set times = refunds_seen.times + 1',
              [event.data.payload.paymentId],
            );
          },
          (event) => void committed.push(event.data.eventId),
        ),
      });
      hub.seal();
      const event = refundRequested('pay_twice');
      await hub.publish(TOPICS.orderEvents, event);
      await hub.publish(TOPICS.orderEvents, event);
      expect(await db.query('select times from refunds_seen where payment_id = $1', ['pay_twice'])).toEqual([
        { times: 1 },
      ]);
      expect(
        await db.query('select count(*)::int as n from inbox where consumer = $1 and event_id = $2', [
          'test.refund-requested',
          event.eventId,
        ]),
      ).toEqual([{ n: 1 }]);
      expect(committed).toEqual([event.eventId]);
    });

    it('records no inbox row when the work fails, so the retry does it', async () => {
      const { hub, consumer } = system();
      let failures = 1;
      consumer.on(TOPICS.orderEvents, {
        RefundRequested: oncePerEvent(outbox, 'test.flaky', async (event, tx) => {
          await tx.query('insert into refunds_seen (payment_id, times) values ($1, 1)', [event.data.payload.paymentId]);
          if (failures-- > 0) throw new Error('the state change failed');
        }),
      });
      hub.seal();
      const event = refundRequested('pay_flaky');
      await hub.publish(TOPICS.orderEvents, event);
      expect(await db.query('select times from refunds_seen where payment_id = $1', ['pay_flaky'])).toEqual([
        { times: 1 },
      ]);
      expect(await db.query('select count(*)::int as n from inbox where consumer = $1', ['test.flaky'])).toEqual([
        { n: 1 },
      ]);
    });
  });
});
