// Frames of the vendor WebSocket (notifications service, ws://host:3004/ws). Every frame is one
// JSON text message with an `event` name. Unacknowledged frames are sent again on reconnect.
// A client ignores server frames whose event it does not know (more may be added).
import { z } from 'zod';
import { Currency, Paise, Uuid, VendorId } from '../common';
import { PricedLine } from '../http/catalog';

export const VENDOR_WS_PATH = '/ws';

/**
 * A notification's id: the server issues uuids (one per stored notification) and accepts an ack
 * only for a uuid; anything else is refused with an error frame (BAD_FRAME) before it is looked up.
 */
export const NotificationId = Uuid;

export const NewOrderData = z.object({
  orderId: z.string(),
  vendorId: VendorId,
  items: z.array(PricedLine),
  amount: Paise,
  currency: Currency,
  customerId: z.string().optional(),
  placedAt: z.string().optional().describe('When the order was placed (ISO 8601), as in OrderPlaced'),
});
export type NewOrderData = z.infer<typeof NewOrderData>;

/** server -> client: a new paid order for this vendor. */
export const NewOrderFrame = z
  .object({
    event: z.literal('new_order'),
    id: NotificationId.describe('Notification id; acknowledge it with an ack frame'),
    data: NewOrderData,
  })
  .describe('A new paid order for the connected vendor; sent again on reconnect until acknowledged');
export type NewOrderFrame = z.infer<typeof NewOrderFrame>;

/** client -> server: the vendor has the notification; it is never sent again. */
export const AckFrame = z
  .object({
    event: z.literal('ack'),
    id: NotificationId.describe('The id of the frame being acknowledged'),
  })
  .describe('Acknowledges a frame by id; an acknowledged frame is never sent again');
export type AckFrame = z.infer<typeof AckFrame>;

/** client -> server: an application-level keep-alive; answered with pong. */
export const PingFrame = z
  .object({ event: z.literal('ping') })
  .describe('Application-level keep-alive; the server answers pong');

/** server -> client: the ack of `id` was recorded. */
export const AckedFrame = z
  .object({ event: z.literal('acked'), id: NotificationId })
  .describe('The acknowledgement of id was recorded');

/** server -> client: the answer to ping. */
export const PongFrame = z.object({ event: z.literal('pong') }).describe('The answer to a ping frame');

/** server -> client: a client frame was refused; the socket stays open. */
export const SocketErrorFrame = z
  .object({
    event: z.literal('error'),
    code: z.string().meta({ description: 'Stable code', examples: ['BAD_FRAME', 'UNKNOWN_NOTIFICATION', 'TRY_AGAIN'] }),
    detail: z.string(),
    id: NotificationId.optional().describe('The id of the frame concerned, when there is one'),
  })
  .describe(
    'A client frame was refused (not JSON, unknown event, unknown id, or try again later); the socket stays open',
  );

/** Every frame a vendor's client may send. */
export const VendorClientFrame = z.discriminatedUnion('event', [AckFrame, PingFrame]);
export type VendorClientFrame = z.infer<typeof VendorClientFrame>;

/** Every frame the server sends today. */
export const VendorServerFrame = z.discriminatedUnion('event', [
  NewOrderFrame,
  AckedFrame,
  PongFrame,
  SocketErrorFrame,
]);
export type VendorServerFrame = z.infer<typeof VendorServerFrame>;
