// The saga's events on the two topics: one message per event type (a CloudEvent whose data is
// the envelope), the publisher of each topic and the services that consume each event.
import * as examples from '../../../examples/payloads';
import { TOPICS } from '../../../src';
import { channelMessageRef, channelRef, messageRef, schemaRef, tags } from './refs';

const CLOUDEVENTS_JSON = 'application/cloudevents+json';

type Correlation = { description: string; location: string };
const byOrderReference: Correlation = {
  description: 'Our order id (the orderId checkout answered)',
  location: '$message.payload#/data/payload/orderReference',
};
const byOrderId: Correlation = { description: 'Our order id', location: '$message.payload#/data/payload/orderId' };

type Channel = 'paymentEvents' | 'orderEvents';
type Service = 'order' | 'catalog' | 'payments' | 'notifications';

/** The saga's events: the topic each travels on, and who reacts to it. Publishers: payments on payment-events, order on order-events. */
export const EVENTS: Array<{
  name: string;
  channel: Channel;
  summary: string;
  consumers: Service[];
  correlation: Correlation;
  example: unknown;
}> = [
  {
    name: 'PaymentConfirmed',
    channel: 'paymentEvents',
    summary: 'Razorpay captured the payment of an order',
    consumers: ['order'],
    correlation: byOrderReference,
    example: examples.paymentConfirmedCloudEvent,
  },
  {
    name: 'PaymentFailed',
    channel: 'paymentEvents',
    summary: 'A payment attempt of an order failed',
    consumers: ['order'],
    correlation: byOrderReference,
    example: examples.paymentFailedCloudEvent,
  },
  {
    name: 'PaymentRefunded',
    channel: 'paymentEvents',
    summary: 'Razorpay refunded a captured payment (compensation)',
    consumers: ['order'],
    correlation: byOrderReference,
    example: examples.paymentRefundedCloudEvent,
  },
  {
    name: 'PaymentIntentVoided',
    channel: 'paymentEvents',
    summary: 'Razorpay does not know the Razorpay order: nothing can be paid on it',
    consumers: ['order'],
    correlation: byOrderReference,
    example: examples.paymentIntentVoidedCloudEvent,
  },
  {
    name: 'OrderPlaced',
    channel: 'orderEvents',
    summary: 'A paid order awaits its vendor (notifications tells the vendor and the customer)',
    consumers: ['catalog', 'notifications'],
    correlation: byOrderId,
    example: examples.orderPlacedCloudEvent,
  },
  {
    name: 'OrderExpired',
    channel: 'orderEvents',
    summary: 'An unpaid checkout ran out of time; its stock goes back on sale',
    consumers: ['catalog'],
    correlation: byOrderId,
    example: examples.orderExpiredCloudEvent,
  },
  {
    name: 'OrderCancelled',
    channel: 'orderEvents',
    summary: 'An order that will never be placed; its hold is released',
    consumers: ['catalog'],
    correlation: byOrderId,
    example: examples.orderCancelledCloudEvent,
  },
  {
    name: 'OrderAccepted',
    channel: 'orderEvents',
    summary: 'The vendor accepted a placed order',
    consumers: ['notifications'],
    correlation: byOrderId,
    example: examples.orderAcceptedCloudEvent,
  },
  {
    name: 'OrderRejected',
    channel: 'orderEvents',
    summary:
      'The vendor rejected a placed order, or left it unanswered for VENDOR_ACCEPTANCE_TIMEOUT_SECONDS; a RefundRequested follows, and the catalog puts the sold stock back once',
    consumers: ['catalog', 'notifications'],
    correlation: byOrderId,
    example: examples.orderRejectedCloudEvent,
  },
  {
    name: 'OrderRefunded',
    channel: 'orderEvents',
    summary:
      "A captured payment of an order came back to the customer (after a rejection, a cancellation or a second payment); the customer's socket hears of it",
    consumers: ['notifications'],
    correlation: byOrderId,
    example: examples.orderRefundedCloudEvent,
  },
  {
    name: 'RefundRequested',
    channel: 'orderEvents',
    summary: "A captured payment no order will use (or a rejected order's); payments refunds it once",
    consumers: ['payments'],
    correlation: byOrderId,
    example: examples.refundRequestedCloudEvent,
  },
];
const PUBLISHER: Record<Channel, Service> = { paymentEvents: 'payments', orderEvents: 'order' };

export function eventMessage({ name, summary, correlation, example }: (typeof EVENTS)[number]) {
  return {
    name,
    title: name,
    summary,
    description:
      'A CloudEvent 1.0 in structured mode: `data` is the event envelope { eventId, eventType, eventVersion, occurredAt, payload }, ' +
      'with id = data.eventId and type = data.eventType. Consumers are idempotent on data.eventId and accept unknown fields ' +
      '(eventVersion only grows, and only with new optional fields).',
    contentType: CLOUDEVENTS_JSON,
    payload: schemaRef(`${name}CloudEvent`),
    correlationId: correlation,
    examples: [{ name: 'example', summary, payload: example }],
  };
}

const eventsOn = (channel: Channel) => EVENTS.filter((e) => e.channel === channel);
export const channelMessages = (channel: Channel) =>
  Object.fromEntries(eventsOn(channel).map((e) => [e.name, messageRef(e.name)]));

/** One send operation per topic (its publisher), one receive operation per consuming service and topic. */
export function eventOperations() {
  const operations: Record<string, unknown> = {};
  for (const channel of ['paymentEvents', 'orderEvents'] as const) {
    const publisher = PUBLISHER[channel];
    operations[`${publisher}Publishes${channel[0]!.toUpperCase()}${channel.slice(1)}`] = {
      action: 'send',
      channel: channelRef(channel),
      title: `${publisher} publishes on ${channel === 'paymentEvents' ? TOPICS.paymentEvents : TOPICS.orderEvents} (through its outbox)`,
      tags: tags(publisher),
      messages: eventsOn(channel).map((e) => channelMessageRef(channel, e.name)),
    };
    const consumers = [...new Set(eventsOn(channel).flatMap((e) => e.consumers))].sort();
    for (const consumer of consumers) {
      const consumed = eventsOn(channel).filter((e) => e.consumers.includes(consumer));
      operations[`${consumer}Consumes${channel[0]!.toUpperCase()}${channel.slice(1)}`] = {
        action: 'receive',
        channel: channelRef(channel),
        title: `${consumer} reacts to ${consumed.map((e) => e.name).join(', ')}`,
        description: 'Other event types on the topic are acknowledged and ignored.',
        tags: tags(consumer),
        messages: consumed.map((e) => channelMessageRef(channel, e.name)),
      };
    }
  }
  return operations;
}
