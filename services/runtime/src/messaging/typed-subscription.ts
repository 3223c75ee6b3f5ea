// `runtime.on(topic, { PaymentConfirmed: handler, … })`: one subscription per topic, dispatched by
// event type, each handler given the event with its payload parsed against the contract. Built
// here once, as a plain Subscription, so every adapter's `on` is its own `subscribe` of it.
//   - An event type with no handler is acknowledged: newer event types are not ours to handle
//     (forward compatibility).
//   - A payload that does not match its contract throws, as the hand-written dispatchers did: the
//     adapter retries it and then dead-letters it (never acknowledged silently, never retried
//     forever). The error names the fields, not their values.
import { type EventTypeOf, TOPIC_EVENTS, type TopicEvent, type TopicEvents } from '@saga/contracts';
import type { z } from 'zod';
import { fieldName } from '../errors/zod-issues';
import type { DeliveredEvent, HandlerResult, Subscription } from '../port/runtime-port';

export type TypedTopic = keyof TopicEvents;

/** A delivered event whose data is the contract's event of that type (payload validated). */
export type TypedEvent<T extends TypedTopic, K extends EventTypeOf<T>> = Omit<DeliveredEvent, 'data'> & {
  data: TopicEvent<T, K>;
};

export type TypedHandler<E> = (event: E) => Promise<HandlerResult | void>;

export type TypedHandlers<T extends TypedTopic> = { [K in EventTypeOf<T>]?: TypedHandler<TypedEvent<T, K>> };

export type TypedSubscriptionOptions = Pick<Subscription, 'deadLetterTopic'>;

export class InvalidEventPayloadError extends Error {
  constructor(eventType: string, eventId: string, error: z.ZodError) {
    const fields = error.issues.map((issue) => `${fieldName(issue.path, 'payload')}: ${issue.message}`).join('; ');
    super(`${eventType} ${eventId} does not match its contract (${fields})`);
    this.name = 'InvalidEventPayloadError';
  }
}

export function typedSubscription<T extends TypedTopic>(
  topic: T,
  handlers: TypedHandlers<T>,
  options: TypedSubscriptionOptions = {},
): Subscription {
  const schemas = TOPIC_EVENTS[topic] as Record<string, z.ZodObject<{ payload: z.ZodTypeAny }>>;
  const table = handlers as Record<string, TypedHandler<DeliveredEvent> | undefined>;
  return {
    topic,
    ...options,
    handler: async (event) => {
      const { eventType, eventId } = event.data;
      const handle = Object.hasOwn(table, eventType) ? table[eventType] : undefined;
      const schema = Object.hasOwn(schemas, eventType) ? schemas[eventType] : undefined;
      if (!handle || !schema) return 'SUCCESS';
      const payload = schema.shape.payload.safeParse(event.data.payload);
      if (!payload.success) throw new InvalidEventPayloadError(eventType, eventId, payload.error);
      return handle({ ...event, data: { ...event.data, payload: payload.data } });
    },
  };
}
