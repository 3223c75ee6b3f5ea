// AsyncAPI 3.0 for what travels outside HTTP: the saga's events over the runtime's pub/sub
// (topics payment-events and order-events; each message a CloudEvent 1.0 whose data is the
// event envelope) and the vendor WebSocket of the notifications service. Schemas are zod's own
// JSON Schema output in draft-07, the dialect AsyncAPI 3.0 schemas are based on.
import { TOPICS, VENDOR_WS_PATH } from '../../../src';
import { componentSchemas } from '../json-schema';
import { schemasOn } from '../named-schemas';
import { channelMessages, EVENTS, eventMessage, eventOperations } from './events';
import { CLIENT_FRAMES, FRAMES, SERVER_FRAMES } from './frames';
import { channelMessageRef, channelRef, messageRef, tags } from './refs';

export function buildAsyncApi(version: string): Record<string, unknown> {
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Prepaid checkout saga: events and the WebSocket of vendors and customers',
      version,
      description:
        "The saga's events (CloudEvents 1.0 over the runtime's pub/sub: Dapr in production, an in-process hub in the embedded runtime) " +
        "and the notifications service's vendor WebSocket. HTTP APIs are in openapi.json. " +
        'Generated from contracts/src by contracts/scripts/generate.ts: do not edit by hand.',
    },
    defaultContentType: 'application/json',
    servers: {
      pubsub: {
        host: 'localhost:3500',
        protocol: 'http',
        title: 'Dapr pub/sub',
        description:
          "The Dapr sidecar's pub/sub API, component `pubsub` (PUBSUB_NAME). The broker behind it (SNS/SQS when deployed) is a Dapr component choice: " +
          'publishers POST the CloudEvent to /v1.0/publish/pubsub/{topic}; subscribers announce routes on GET /dapr/subscribe and answer each delivery with ' +
          '{"status": "SUCCESS" | "RETRY" | "DROP"}.',
      },
      notifications: {
        host: 'localhost:3004',
        protocol: 'ws',
        title: 'Notifications service',
        description:
          'NOTIFICATIONS_PORT, default 3004. Connections without a valid vendor or customer token are refused at the upgrade (401); a vendor with ' +
          'NOTIFICATIONS_WS_MAX_SOCKETS_PER_VENDOR (default 10) sockets open on the replica is refused too (429 TOO_MANY_SOCKETS, Retry-After).',
        security: [
          { $ref: '#/components/securitySchemes/vendorBearer' },
          { $ref: '#/components/securitySchemes/vendorAccessToken' },
        ],
      },
    },
    channels: {
      paymentEvents: {
        address: TOPICS.paymentEvents,
        title: 'Topic payment-events',
        description: 'Published only by payments (through its outbox) when Razorpay settles or refunds a payment.',
        servers: [{ $ref: '#/servers/pubsub' }],
        messages: channelMessages('paymentEvents'),
      },
      orderEvents: {
        address: TOPICS.orderEvents,
        title: 'Topic order-events',
        description: 'Published only by order (through its outbox) as the saga moves an order on.',
        servers: [{ $ref: '#/servers/pubsub' }],
        messages: channelMessages('orderEvents'),
      },
      vendorSocket: {
        address: VENDOR_WS_PATH,
        title: 'Vendor WebSocket',
        description:
          'One connection per device, authenticated with a vendor token (Authorization: Bearer, or ?access_token= for browsers): new_order frames for ' +
          "that vendor's orders only; or with a customer token: order_status frames (placed, accepted, rejected, refunded) for that customer's own " +
          'orders only. Frames are JSON text messages; what is not acknowledged is sent again on reconnect, and nothing acknowledged is sent twice.',
        servers: [{ $ref: '#/servers/notifications' }],
        messages: Object.fromEntries(Object.keys(FRAMES).map((name) => [name, messageRef(name)])),
        bindings: {
          ws: {
            method: 'GET',
            headers: {
              type: 'object',
              properties: {
                Authorization: {
                  type: 'string',
                  description: 'Bearer <vendor or customer token>',
                  pattern: '^Bearer .+',
                },
              },
            },
            query: {
              type: 'object',
              properties: {
                access_token: {
                  type: 'string',
                  description: 'The vendor or customer token, for browsers (which cannot set headers on a WebSocket)',
                },
              },
            },
            bindingVersion: '0.1.0',
          },
        },
      },
    },
    operations: {
      ...eventOperations(),
      notificationsSendsFrames: {
        action: 'send',
        channel: channelRef('vendorSocket'),
        title:
          'notifications pushes new orders (vendors) and order status changes (customers), and answers client frames',
        tags: tags('notifications'),
        messages: SERVER_FRAMES.map((name) => channelMessageRef('vendorSocket', name)),
      },
      notificationsReceivesFrames: {
        action: 'receive',
        channel: channelRef('vendorSocket'),
        title: 'the client (vendor or customer) acknowledges frames (and may ping)',
        tags: tags('notifications'),
        messages: CLIENT_FRAMES.map((name) => channelMessageRef('vendorSocket', name)),
      },
    },
    components: {
      schemas: componentSchemas(schemasOn('messages'), 'draft-07', '#/components/schemas/'),
      messages: {
        ...Object.fromEntries(EVENTS.map((event) => [event.name, eventMessage(event)])),
        ...FRAMES,
      },
      securitySchemes: {
        vendorBearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'Vendor token (role = vendor, vendorId) or customer token (role = customer) in the Authorization header',
        },
        vendorAccessToken: {
          type: 'httpApiKey',
          name: 'access_token',
          in: 'query',
          description: 'The same token as a query parameter, for browsers',
        },
      },
    },
  };
}
