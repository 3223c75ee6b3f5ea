// The vendor WebSocket's frames, as AsyncAPI messages named after the frame's `event`.
import * as examples from '../../../examples/payloads';
import { schemaRef } from './refs';

function frameMessage(schema: string, name: string, summary: string, example: unknown, correlated = true) {
  return {
    name,
    title: `${name} frame`,
    summary,
    contentType: 'application/json',
    payload: schemaRef(schema),
    ...(correlated ? { correlationId: { description: 'The notification id', location: '$message.payload#/id' } } : {}),
    examples: [{ name: 'example', summary, payload: example }],
  };
}

/** Socket frames, vendors' and customers' (AsyncAPI message name = the frame's `event`). */
export const FRAMES = {
  NewOrderFrame: frameMessage(
    'NewOrderFrame',
    'new_order',
    'server -> client: a new paid order for this vendor',
    examples.newOrderFrame,
  ),
  OrderStatusFrame: frameMessage(
    'OrderStatusFrame',
    'order_status',
    "server -> client (customer sockets): a change to one of the customer's own orders",
    examples.orderStatusFrame,
  ),
  AckedFrame: frameMessage('AckedFrame', 'acked', 'server -> client: the ack was recorded', examples.ackedFrame),
  PongFrame: frameMessage('PongFrame', 'pong', 'server -> client: the answer to ping', examples.pongFrame, false),
  SocketErrorFrame: frameMessage(
    'SocketErrorFrame',
    'error',
    'server -> client: a client frame was refused; the socket stays open',
    examples.socketErrorFrame,
  ),
  AckFrame: frameMessage('AckFrame', 'ack', 'client -> server: acknowledges a frame by id', examples.ackFrame),
  PingFrame: frameMessage('PingFrame', 'ping', 'client -> server: keep-alive', examples.pingFrame, false),
};
export const SERVER_FRAMES = ['NewOrderFrame', 'OrderStatusFrame', 'AckedFrame', 'PongFrame', 'SocketErrorFrame'];
export const CLIENT_FRAMES = ['AckFrame', 'PingFrame'];
