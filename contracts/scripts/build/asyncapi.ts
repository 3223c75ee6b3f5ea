// AsyncAPI 3.0 for what travels outside HTTP: the saga's events over the runtime's pub/sub
// (topics payment-events and order-events; each message a CloudEvent 1.0 whose data is the
// event envelope) and the vendor WebSocket of the notifications service. Schemas are zod's own
// JSON Schema output in draft-07, the dialect AsyncAPI 3.0 schemas are based on.
import * as examples from '../../examples/payloads';
import { TOPICS, VENDOR_WS_PATH } from '../../src';
import { componentSchemas } from './json-schema';
import { schemasOn } from './named-schemas';

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const messageRef = (name: string) => ({ $ref: `#/components/messages/${name}` });
const channelRef = (channel: string) => ({ $ref: `#/channels/${channel}` });
const channelMessageRef = (channel: string, message: string) => ({ $ref: `#/channels/${channel}/messages/${message}` });
const tags = (...names: string[]) => names.map((name) => ({ name }));

const CLOUDEVENTS_JSON = 'application/cloudevents+json';

function eventMessage(name: string, summary: string, correlation: { description: string; location: string }, example: { name: string; summary: string; payload: unknown }) {
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
    examples: [example],
  };
}

const byOrderReference = { description: 'Our order id (the orderId checkout answered)', location: '$message.payload#/data/payload/orderReference' };
const byOrderId = { description: 'Our order id', location: '$message.payload#/data/payload/orderId' };

export function buildAsyncApi(version: string): Record<string, unknown> {
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Prepaid checkout saga: events and vendor WebSocket',
      version,
      description:
        'The saga\'s events (CloudEvents 1.0 over the runtime\'s pub/sub: Dapr in production, an in-process hub in the embedded runtime) ' +
        'and the notifications service\'s vendor WebSocket. HTTP APIs are in openapi.json. ' +
        'Generated from contracts/src by contracts/scripts/generate.ts: do not edit by hand.',
    },
    defaultContentType: 'application/json',
    servers: {
      pubsub: {
        host: 'localhost:3500',
        protocol: 'http',
        title: 'Dapr pub/sub',
        description:
          'The Dapr sidecar\'s pub/sub API, component `pubsub` (PUBSUB_NAME). The broker behind it (SNS/SQS when deployed) is a Dapr component choice: ' +
          'publishers POST the CloudEvent to /v1.0/publish/pubsub/{topic}; subscribers announce routes on GET /dapr/subscribe and answer each delivery with ' +
          '{"status": "SUCCESS" | "RETRY" | "DROP"}.',
      },
      notifications: {
        host: 'localhost:3004',
        protocol: 'ws',
        title: 'Notifications service',
        description: 'NOTIFICATIONS_PORT, default 3004. Connections without a valid vendor token are refused at the upgrade (401).',
        security: [{ $ref: '#/components/securitySchemes/vendorBearer' }, { $ref: '#/components/securitySchemes/vendorAccessToken' }],
      },
    },
    channels: {
      paymentEvents: {
        address: TOPICS.paymentEvents,
        title: 'Topic payment-events',
        description: 'Published only by payments (through its outbox) when Razorpay settles a payment.',
        servers: [{ $ref: '#/servers/pubsub' }],
        messages: { PaymentConfirmed: messageRef('PaymentConfirmed'), PaymentFailed: messageRef('PaymentFailed') },
      },
      orderEvents: {
        address: TOPICS.orderEvents,
        title: 'Topic order-events',
        description: 'Published only by order (through its outbox) as the saga moves an order on.',
        servers: [{ $ref: '#/servers/pubsub' }],
        messages: { OrderPlaced: messageRef('OrderPlaced') },
      },
      vendorSocket: {
        address: VENDOR_WS_PATH,
        title: 'Vendor WebSocket',
        description:
          'One connection per vendor device, authenticated with a vendor token (Authorization: Bearer, or ?access_token= for browsers). ' +
          'A vendor receives only its own orders. Frames are JSON text messages; what is not acknowledged is sent again on reconnect, ' +
          'and nothing acknowledged is sent twice.',
        servers: [{ $ref: '#/servers/notifications' }],
        messages: { newOrder: messageRef('NewOrderFrame'), ack: messageRef('AckFrame') },
        bindings: {
          ws: {
            method: 'GET',
            headers: {
              type: 'object',
              properties: { Authorization: { type: 'string', description: 'Bearer <vendor token>', pattern: '^Bearer .+' } },
            },
            query: {
              type: 'object',
              properties: { access_token: { type: 'string', description: 'The vendor token, for browsers (which cannot set headers on a WebSocket)' } },
            },
            bindingVersion: '0.1.0',
          },
        },
      },
    },
    operations: {
      publishPaymentEvents: {
        action: 'send',
        channel: channelRef('paymentEvents'),
        title: 'payments publishes payment outcomes',
        tags: tags('payments'),
        messages: [channelMessageRef('paymentEvents', 'PaymentConfirmed'), channelMessageRef('paymentEvents', 'PaymentFailed')],
      },
      consumePaymentEvents: {
        action: 'receive',
        channel: channelRef('paymentEvents'),
        title: 'order moves the saga on payment outcomes',
        description: 'PaymentConfirmed: the order is placed (PENDING_VENDOR_ACCEPTANCE) and OrderPlaced published. PaymentFailed: the order records the failed attempt.',
        tags: tags('order'),
        messages: [channelMessageRef('paymentEvents', 'PaymentConfirmed'), channelMessageRef('paymentEvents', 'PaymentFailed')],
      },
      publishOrderEvents: {
        action: 'send',
        channel: channelRef('orderEvents'),
        title: 'order publishes placed orders',
        tags: tags('order'),
        messages: [channelMessageRef('orderEvents', 'OrderPlaced')],
      },
      consumeOrderEvents: {
        action: 'receive',
        channel: channelRef('orderEvents'),
        title: 'catalog and notifications react to placed orders',
        description: 'catalog turns the stock hold into a sale; notifications tells the vendor over the WebSocket.',
        tags: tags('catalog', 'notifications'),
        messages: [channelMessageRef('orderEvents', 'OrderPlaced')],
      },
      sendNewOrder: {
        action: 'send',
        channel: channelRef('vendorSocket'),
        title: 'notifications pushes a new order to its vendor',
        tags: tags('notifications'),
        messages: [channelMessageRef('vendorSocket', 'newOrder')],
      },
      receiveAck: {
        action: 'receive',
        channel: channelRef('vendorSocket'),
        title: 'the vendor acknowledges a frame',
        tags: tags('notifications'),
        messages: [channelMessageRef('vendorSocket', 'ack')],
      },
    },
    components: {
      schemas: componentSchemas(schemasOn('messages'), 'draft-07', '#/components/schemas/'),
      messages: {
        PaymentConfirmed: eventMessage('PaymentConfirmed', 'Razorpay captured the payment of an order', byOrderReference, {
          name: 'captured',
          summary: 'A captured UPI payment',
          payload: examples.paymentConfirmedCloudEvent,
        }),
        PaymentFailed: eventMessage('PaymentFailed', 'A payment attempt of an order failed', byOrderReference, {
          name: 'declined',
          summary: 'Declined by the bank',
          payload: examples.paymentFailedCloudEvent,
        }),
        OrderPlaced: eventMessage('OrderPlaced', 'A paid order awaits its vendor', byOrderId, {
          name: 'placed',
          summary: 'Two dosas and a coffee, paid',
          payload: examples.orderPlacedCloudEvent,
        }),
        NewOrderFrame: {
          name: 'new_order',
          title: 'new_order frame',
          summary: 'server -> client: a new paid order for this vendor',
          contentType: 'application/json',
          payload: schemaRef('NewOrderFrame'),
          correlationId: { description: 'The notification id, echoed by the ack', location: '$message.payload#/id' },
          examples: [{ name: 'newOrder', summary: 'A new order', payload: examples.newOrderFrame }],
        },
        AckFrame: {
          name: 'ack',
          title: 'ack frame',
          summary: 'client -> server: acknowledges a frame by id',
          contentType: 'application/json',
          payload: schemaRef('AckFrame'),
          correlationId: { description: 'The id of the acknowledged frame', location: '$message.payload#/id' },
          examples: [{ name: 'ack', summary: 'Acknowledges the new order', payload: examples.ackFrame }],
        },
      },
      securitySchemes: {
        vendorBearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Vendor token (role = vendor, vendorId) in the Authorization header' },
        vendorAccessToken: { type: 'httpApiKey', name: 'access_token', in: 'query', description: 'The same vendor token as a query parameter, for browsers' },
      },
    },
  };
}
