// Writing side of the outbox: events are inserted in the caller's transaction and the relay is
// woken after commit, so publishing starts within a millisecond and nothing is published for a
// transaction that rolled back.
import type { AnyEvent } from '@saga/contracts';
import type { Database, Queryable } from '../db/database';
import { claimInbox, type InboxOutcome } from './inbox';

export interface Emitter {
  emit(topic: string, event: AnyEvent): Promise<void>;
}

export interface Outbox {
  /** Runs fn in a transaction in which `emit` adds events to the outbox. */
  transaction<T>(fn: (tx: Queryable, out: Emitter) => Promise<T>): Promise<T>;
  /** Same, once per (consumer, eventId): a duplicate delivery runs nothing. */
  consumeOnce(consumer: string, eventId: string, fn: (tx: Queryable, out: Emitter) => Promise<void>): Promise<InboxOutcome>;
}

export async function insertOutboxEvent(tx: Queryable, topic: string, event: AnyEvent): Promise<void> {
  await tx.query('insert into outbox (event_id, topic, event) values (?, ?, ?) on conflict (event_id) do nothing', [event.eventId, topic, JSON.stringify(event)]);
}

export function createOutbox(db: Database, wake: () => void): Outbox {
  async function run<T>(fn: (tx: Queryable, out: Emitter) => Promise<T>): Promise<T> {
    let emitted = 0;
    const result = await db.transaction((tx) =>
      fn(tx, {
        emit: async (topic, event) => {
          await insertOutboxEvent(tx, topic, event);
          emitted++;
        },
      }),
    );
    if (emitted) wake();
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
