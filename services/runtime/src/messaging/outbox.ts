// Writing side of the outbox: events are inserted in the caller's transaction, already leased to
// this process, and handed to the relay right after commit: publishing starts at once with no claim
// statement, nothing is published for a transaction that rolled back, and a crash before the event
// is out leaves a row whose lease lapses and which the relay's poll then publishes.
import type { AnyEvent } from '@saga/contracts';
import type { Database, Queryable } from '../db/database';
import { claimInbox, type InboxOutcome } from './inbox';
import type { CommittedEvent } from './outbox-relay';

export interface Emitter {
  emit(topic: string, event: AnyEvent): Promise<void>;
}

export interface Outbox {
  /** Runs fn in a transaction in which `emit` adds events to the outbox. */
  transaction<T>(fn: (tx: Queryable, out: Emitter) => Promise<T>): Promise<T>;
  /** Same, once per (consumer, eventId): a duplicate delivery runs nothing. */
  consumeOnce(
    consumer: string,
    eventId: string,
    fn: (tx: Queryable, out: Emitter) => Promise<void>,
  ): Promise<InboxOutcome>;
}

/** What the outbox needs of the relay: how long a hand-over lease lasts, and the hand-over. */
export interface CommittedEventSink {
  readonly handOverLeaseSeconds: number;
  publishCommitted(events: CommittedEvent[]): void;
}

/**
 * Inserts the event, leased for `leaseSeconds` to whoever hands it over after commit. An event id
 * already in the outbox is left as it is (and publishing it again is harmless: consumers dedupe).
 */
export async function insertOutboxEvent(
  tx: Queryable,
  topic: string,
  event: AnyEvent,
  leaseSeconds: number,
): Promise<CommittedEvent> {
  await tx.send(
    `insert into outbox (event_id, topic, event, attempts, next_attempt_at) values ($1, $2, $3, 1, clock_timestamp() + make_interval(secs => $4))
      on conflict (event_id) do nothing`,
    [event.eventId, topic, JSON.stringify(event), leaseSeconds],
  );
  return { topic, event, createdAt: Date.now(), attempts: 1 };
}

export function createOutbox(db: Database, relay: CommittedEventSink): Outbox {
  async function run<T>(fn: (tx: Queryable, out: Emitter) => Promise<T>): Promise<T> {
    const emitted: CommittedEvent[] = [];
    const result = await db.transaction((tx) =>
      fn(tx, {
        emit: async (topic, event) => {
          emitted.push(await insertOutboxEvent(tx, topic, event, relay.handOverLeaseSeconds));
        },
      }),
    );
    if (emitted.length) relay.publishCommitted(emitted);
    return result;
  }
  return {
    transaction: run,
    consumeOnce: (consumer, eventId, fn) =>
      run(async (tx, out) => {
        if (!(await claimInbox(tx, consumer, eventId))) return 'DUPLICATE' as const;
        await fn(tx, out);
        return 'PROCESSED' as const;
      }),
  };
}
