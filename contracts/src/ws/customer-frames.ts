// The customer's frames on the same WebSocket (notifications service, ws://host:3004/ws, with a
// customer token): what happens to the customer's own orders. Acknowledged (ack) and replayed on
// reconnect exactly as a vendor's new_order frames; ack, acked, ping, pong and error are shared.
import { z } from 'zod';
import { Currency, Paise, VendorId } from '../common';
import { OrderStatus } from '../http/orders';
import { AckedFrame, NotificationId, PongFrame, SocketErrorFrame } from './vendor-frames';

export const ORDER_STATUS_CHANGES = ['placed', 'accepted', 'rejected', 'refunded'] as const;

export const OrderStatusData = z.object({
  orderId: z.string(),
  status: OrderStatus.describe("The order's status after the change (a refund leaves it REJECTED or CANCELLED)"),
  change: z
    .enum(ORDER_STATUS_CHANGES)
    .describe('What happened: placed (paid, sent to the vendor), accepted, rejected (see reason), refunded'),
  vendorId: VendorId,
  at: z.string().describe('When it happened (ISO 8601)'),
  reason: z.string().optional().describe("With rejected: why (the vendor's words, or the timeout)"),
  amount: Paise.optional().describe('With placed and refunded: the amount paid or returned'),
  currency: Currency.optional(),
  refundId: z.string().optional().describe("With refunded: Razorpay's refund id"),
});
export type OrderStatusData = z.infer<typeof OrderStatusData>;

/** server -> client (customer sockets): a change to one of the customer's orders. */
export const OrderStatusFrame = z
  .object({
    event: z.literal('order_status'),
    id: NotificationId.describe('Notification id; acknowledge it with an ack frame'),
    data: OrderStatusData,
  })
  .describe("A change to one of the connected customer's orders; sent again on reconnect until acknowledged");
export type OrderStatusFrame = z.infer<typeof OrderStatusFrame>;

/** Every frame the server sends a customer's socket today. */
export const CustomerServerFrame = z.discriminatedUnion('event', [
  OrderStatusFrame,
  AckedFrame,
  PongFrame,
  SocketErrorFrame,
]);
export type CustomerServerFrame = z.infer<typeof CustomerServerFrame>;
