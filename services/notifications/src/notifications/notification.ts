// A notification and the frame that carries it over the socket (SURFACE: Vendor WebSocket). Vendors
// get `new_order` frames; customers get `order_status` frames about their own orders. Both are kept
// until their recipient acknowledges them, and replayed on reconnect.
import type { NewOrderData, OrderPlaced, OrderStatusData } from '@saga/contracts';

type OrderPlacedPayload = OrderPlaced['payload'];

export type { NewOrderData, OrderStatusData };

/** Who a notification is for: a vendor (by vendorId) or a customer (by the token's sub). */
export interface Recipient {
  audience: 'vendor' | 'customer';
  id: string;
}

export const recipientKey = (r: Recipient) => `${r.audience}:${r.id}`;

export type NotificationEvent = 'new_order' | 'order_status';

export interface Notification {
  id: string;
  /** Replay order and cursor (bigint as text). */
  seq: string;
  recipient: Recipient;
  event: NotificationEvent;
  data: NewOrderData | OrderStatusData;
  acked: boolean;
}

/** A notification ready to send: serialised once, whatever number of sockets it goes to. */
export interface OutgoingFrame {
  id: string;
  event: NotificationEvent;
  /** new_order: when the order was placed (the placed-to-frame latency is measured from it). */
  placedAt?: string;
  text: string;
}

export function newOrderData(p: OrderPlacedPayload): NewOrderData {
  return {
    orderId: p.orderId,
    vendorId: p.vendorId,
    items: p.items,
    amount: p.amount,
    currency: p.currency,
    customerId: p.customerId,
    placedAt: p.placedAt,
  };
}

export function outgoingFrame(n: Notification): OutgoingFrame {
  const placedAt = n.event === 'new_order' ? (n.data as NewOrderData).placedAt : undefined;
  return { id: n.id, event: n.event, placedAt, text: JSON.stringify({ event: n.event, id: n.id, data: n.data }) };
}
