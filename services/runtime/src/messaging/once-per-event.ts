// The inbox, for typed handlers: the work runs in one transaction with the (consumer, eventId)
// inbox row written first, so the row and the state change commit together and a redelivered event
// runs nothing. `afterCommit` runs only for the delivery that did the work (e.g. to start what must
// not happen inside the transaction, like a call to Razorpay).
import type { AnyEvent } from '@saga/contracts';
import type { Queryable } from '../db/database';
import type { Emitter, Outbox } from './outbox';

interface WithEventId {
  data: Pick<AnyEvent, 'eventId'>;
}

export function oncePerEvent<E extends WithEventId, R = void>(
  outbox: Pick<Outbox, 'consumeOnce'>,
  consumer: string,
  work: (event: E, tx: Queryable, out: Emitter) => Promise<R>,
  afterCommit?: (event: E, result: R) => Promise<void> | void,
): (event: E) => Promise<void> {
  return async (event) => {
    let result: R | undefined;
    const outcome = await outbox.consumeOnce(consumer, event.data.eventId, async (tx, out) => {
      result = await work(event, tx, out);
    });
    if (outcome === 'PROCESSED' && afterCommit) await afterCommit(event, result as R);
  };
}
