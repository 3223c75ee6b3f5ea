import { DeadLetter } from './dead-letter';
import { InboxRecord } from './inbox-record';
import { OutboxMessage } from './outbox-message';

export { DeadLetter, InboxRecord, OutboxMessage };

/** The runtime's tables, in every service's schema next to the service's own entities. */
export const messagingEntities = [OutboxMessage, InboxRecord, DeadLetter];
