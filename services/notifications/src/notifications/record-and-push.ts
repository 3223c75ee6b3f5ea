// One notification from one delivered event: recorded once (one INSERT; the source event id and
// audience are unique, so a redelivery inserts nothing and needs no inbox row), then pushed AFTER
// commit to the recipient's sockets on this replica.
//
// Fan-out: under Dapr every replica has its own queue (consumerID = pod name, see README), so every
// replica receives every event and must push to the sockets it holds. Only the first delivery
// anywhere records the notification; any other (a redelivery, or another replica: the insert finds
// the source event taken) reads it back and pushes it too. Pushing is safe to repeat: a socket sends a
// notification at most once per connection, and an acknowledged one is never pushed. So each
// replica's sockets get it exactly once, and a duplicate delivery sends nothing new.
import type { Logger, Queryable } from '@saga/runtime';
import type { Notification, NotificationEvent, Recipient } from './notification';
import { notificationRepository } from '../repositories/notification-repository';

export interface RecordDeps {
  db: Queryable;
  logger: Logger;
  push(notification: Notification): void;
}

export async function recordAndPush(
  deps: RecordDeps,
  sourceEventId: string,
  recipient: Recipient,
  event: NotificationEvent,
  data: Notification['data'],
): Promise<'processed' | 'duplicate'> {
  const recorded = await notificationRepository.record(deps.db, sourceEventId, recipient, event, data);
  const notification =
    recorded ?? (await notificationRepository.findBySourceEvent(deps.db, sourceEventId, recipient.audience));
  if (!notification)
    deps.logger.warn(
      { eventId: sourceEventId, audience: recipient.audience },
      'event seen before but its notification is gone',
    );
  else if (!notification.acked) deps.push(notification);
  return recorded ? 'processed' : 'duplicate';
}
