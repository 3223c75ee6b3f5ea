// Which events travel on which topic, each with its schema: what a typed subscription
// (`runtime.on(topic, { PaymentConfirmed: … })`) is keyed by and validates a payload against.
import type { z } from 'zod';
import { TOPICS } from './envelope';
import { OrderCancelled, OrderExpired, OrderRefunded, RefundRequested } from './order-lifecycle-events';
import { OrderPlaced } from './order-events';
import { PaymentConfirmed, PaymentFailed, PaymentIntentVoided } from './payment-events';
import { PaymentRefunded } from './refund-events';
import { OrderAccepted, OrderRejected } from './vendor-answer-events';

export const TOPIC_EVENTS = {
  [TOPICS.paymentEvents]: { PaymentConfirmed, PaymentFailed, PaymentRefunded, PaymentIntentVoided },
  [TOPICS.orderEvents]: {
    OrderPlaced,
    OrderExpired,
    OrderCancelled,
    RefundRequested,
    OrderRefunded,
    OrderAccepted,
    OrderRejected,
  },
} as const;

export type TopicEvents = typeof TOPIC_EVENTS;
/** The event types published on a topic. */
export type EventTypeOf<T extends keyof TopicEvents> = keyof TopicEvents[T] & string;
/** One event of a topic, as its contract describes it. */
export type TopicEvent<T extends keyof TopicEvents, K extends EventTypeOf<T>> = TopicEvents[T][K] extends z.ZodTypeAny
  ? z.infer<TopicEvents[T][K]>
  : never;
