// Frames of the vendor WebSocket (notifications service, ws://host:3004/ws). Every frame is one
// JSON text message with an `event` name. Unacknowledged frames are sent again on reconnect.
import { z } from 'zod';
import { Currency, IsoTime, Paise, VendorId } from '../common';
import { PricedLine } from '../http/catalog';

export const VENDOR_WS_PATH = '/ws';

export const NewOrderData = z.object({
  orderId: z.string(),
  vendorId: VendorId,
  items: z.array(PricedLine),
  amount: Paise,
  currency: Currency,
  placedAt: IsoTime.optional(),
});
export type NewOrderData = z.infer<typeof NewOrderData>;

/** server -> client: a new paid order for this vendor. */
export const NewOrderFrame = z
  .object({
    event: z.literal('new_order'),
    id: z.string().min(1).describe('Notification id; acknowledge it with an ack frame'),
    data: NewOrderData,
  })
  .describe('A new paid order for the connected vendor; sent again on reconnect until acknowledged');
export type NewOrderFrame = z.infer<typeof NewOrderFrame>;

/** client -> server: the vendor has the notification; it is never sent again. */
export const AckFrame = z
  .object({
    event: z.literal('ack'),
    id: z.string().min(1).describe('The id of the frame being acknowledged'),
  })
  .describe('Acknowledges a frame by id; an acknowledged frame is never sent again');
export type AckFrame = z.infer<typeof AckFrame>;
