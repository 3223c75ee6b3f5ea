import { z } from 'zod';
import { IsoTime } from '../common';

/** Topics of the saga. Only payments publishes payment-events; only order publishes order-events. */
export const TOPICS = { paymentEvents: 'payment-events', orderEvents: 'order-events' } as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/**
 * The message every event travels in (the CloudEvent's `data`). Consumers deduplicate on eventId;
 * eventVersion only grows with backward-compatible changes (new optional fields).
 */
export function envelope<T extends string, P extends z.ZodTypeAny>(eventType: T, payload: P) {
  return z.object({
    eventId: z.uuid(),
    eventType: z.literal(eventType),
    eventVersion: z.number().int().min(1),
    occurredAt: IsoTime,
    payload,
  });
}

export const AnyEvent = z.object({
  eventId: z.string().min(1),
  eventType: z.string().min(1),
  eventVersion: z.number().int().min(1),
  occurredAt: z.string(),
  payload: z.unknown(),
});
export type AnyEvent = z.infer<typeof AnyEvent>;
