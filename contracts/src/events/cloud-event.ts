// How an event travels over the runtime's pub/sub: a CloudEvent 1.0 in structured mode
// (application/cloudevents+json) whose `data` is the event envelope. Dapr may add fields
// (traceid, tracestate, pubsubname, topic, ...), so the object is open.
import { z } from 'zod';
import { AnyEvent } from './envelope';
import { OrderCancelled, OrderExpired, OrderRefunded, RefundRequested } from './order-lifecycle-events';
import { OrderPlaced } from './order-events';
import { PaymentConfirmed, PaymentFailed, PaymentIntentVoided } from './payment-events';
import { PaymentRefunded } from './refund-events';
import { OrderAccepted, OrderRejected } from './vendor-answer-events';

export const CloudEventMessage = z
  .object({
    specversion: z.literal('1.0'),
    id: z.string().min(1).describe('Equals data.eventId'),
    source: z.string().min(1).describe('The publishing app id, e.g. payments'),
    type: z.string().min(1).describe('Equals data.eventType'),
    datacontenttype: z.string().optional().describe('application/json'),
    time: z.string().optional().describe('Equals data.occurredAt'),
    subject: z.string().optional(),
    topic: z.string().optional(),
    pubsubname: z.string().optional(),
    traceparent: z.string().optional().describe('W3C trace context'),
    data: AnyEvent,
  })
  .loose()
  .describe('CloudEvents 1.0 (structured mode) carrying one event envelope as data');
export type CloudEventMessage = z.infer<typeof CloudEventMessage>;

function cloudEventOf<T extends string, D extends z.ZodTypeAny>(eventType: T, data: D) {
  return CloudEventMessage.extend({ type: z.literal(eventType), data }).describe(
    `A CloudEvent 1.0 carrying one ${eventType} event as data`,
  );
}

export const PaymentConfirmedCloudEvent = cloudEventOf('PaymentConfirmed', PaymentConfirmed);
export const PaymentFailedCloudEvent = cloudEventOf('PaymentFailed', PaymentFailed);
export const PaymentRefundedCloudEvent = cloudEventOf('PaymentRefunded', PaymentRefunded);
export const PaymentIntentVoidedCloudEvent = cloudEventOf('PaymentIntentVoided', PaymentIntentVoided);
export const OrderPlacedCloudEvent = cloudEventOf('OrderPlaced', OrderPlaced);
export const OrderExpiredCloudEvent = cloudEventOf('OrderExpired', OrderExpired);
export const OrderCancelledCloudEvent = cloudEventOf('OrderCancelled', OrderCancelled);
export const RefundRequestedCloudEvent = cloudEventOf('RefundRequested', RefundRequested);
export const OrderAcceptedCloudEvent = cloudEventOf('OrderAccepted', OrderAccepted);
export const OrderRejectedCloudEvent = cloudEventOf('OrderRejected', OrderRejected);
export const OrderRefundedCloudEvent = cloudEventOf('OrderRefunded', OrderRefunded);
