// Exactly-once effects on top of at-least-once delivery: the consumer records the event id in the
// same transaction as its effect, so a redelivered event finds its id and changes nothing.
import type { Queryable } from '../db/database';

export type InboxOutcome = 'PROCESSED' | 'DUPLICATE';

/** Inside a transaction: claims (consumer, eventId); false when it was processed before. */
export async function claimInbox(tx: Queryable, consumer: string, eventId: string): Promise<boolean> {
  const rows = await tx.query(
    'insert into inbox (consumer, event_id) values ($1, $2) on conflict do nothing returning event_id',
    [consumer, eventId],
  );
  return rows.length > 0;
}
