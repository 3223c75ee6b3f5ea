import { randomUUID } from 'node:crypto';
import type { AnyEvent } from '@saga/contracts';

/** A fresh event envelope; eventId is what every consumer deduplicates on. */
export function newEvent<T extends string, P>(eventType: T, payload: P, eventVersion = 1) {
  return {
    eventId: randomUUID(),
    eventType,
    eventVersion,
    occurredAt: new Date().toISOString(),
    payload,
  } satisfies AnyEvent;
}
