// A vendor's notification and the frame that carries it over the socket (SURFACE: Vendor WebSocket).
import type { OrderPlaced } from '@saga/contracts';

type OrderPlacedPayload = OrderPlaced['payload'];

/** What the vendor dashboard needs about a new order: the frame's `data`. */
export type NewOrderData = Pick<OrderPlacedPayload, 'orderId' | 'vendorId' | 'items' | 'amount' | 'currency' | 'customerId' | 'placedAt'>;

export interface Notification {
  id: string;
  /** Replay order and cursor (bigint as text). */
  seq: string;
  vendorId: string;
  event: 'new_order';
  data: NewOrderData;
  acked: boolean;
}

/** A notification ready to send: serialised once, whatever number of sockets it goes to. */
export interface OutgoingFrame {
  id: string;
  placedAt: string;
  text: string;
}

export function newOrderData(p: OrderPlacedPayload): NewOrderData {
  return { orderId: p.orderId, vendorId: p.vendorId, items: p.items, amount: p.amount, currency: p.currency, customerId: p.customerId, placedAt: p.placedAt };
}

export function outgoingFrame(n: Notification): OutgoingFrame {
  return { id: n.id, placedAt: n.data.placedAt, text: JSON.stringify({ event: n.event, id: n.id, data: n.data }) };
}
