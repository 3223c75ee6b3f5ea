// The order service's routes the pages call. The newer ones (payment callback, customer list,
// vendor queue, accept, reject) may be missing on an older server: callers check routeMissing.
import { api } from './http';
import type { CartLine, CheckoutResult, Order, Timeline } from './types';

const orderPath = (orderId: string) => `/api/v1/orders/${encodeURIComponent(orderId)}`;

/** Without lines, the order service checks out the customer's stored cart. */
export async function checkout(token: string, idempotencyKey: string, lines?: CartLine[]): Promise<CheckoutResult> {
  const body = lines ? { cartItems: lines } : {};
  return (
    await api<CheckoutResult>('/api/v1/orders/checkout', {
      method: 'POST',
      token,
      body,
      headers: { 'idempotency-key': idempotencyKey },
    })
  ).data;
}

export async function getOrder(token: string, orderId: string): Promise<Order> {
  return (await api<Order>(orderPath(orderId), { token })).data;
}

export async function getTimeline(token: string, orderId: string): Promise<Timeline> {
  return (await api<Timeline>(`${orderPath(orderId)}/timeline`, { token })).data;
}

export interface PaymentCallback {
  razorpay_payment_id: string;
  razorpay_order_id: string;
  razorpay_signature: string;
}

/** Razorpay Checkout's handler fields, verified by the server; the webhook covers a customer who never gets here. */
export async function confirmPayment(token: string, orderId: string, callback: PaymentCallback): Promise<void> {
  await api(`${orderPath(orderId)}/payment`, { method: 'POST', token, body: callback });
}

/** A list answered as a plain array or as `{ orders, next? }`. */
function ordersOf(data: unknown): Order[] {
  if (Array.isArray(data)) return data as Order[];
  const orders =
    (data as { orders?: unknown; items?: unknown } | undefined)?.orders ??
    (data as { items?: unknown } | undefined)?.items;
  return Array.isArray(orders) ? (orders as Order[]) : [];
}

export async function listMyOrders(token: string): Promise<Order[]> {
  return ordersOf((await api<unknown>('/api/v1/orders?limit=10', { token })).data);
}

export async function listVendorOrders(token: string, status: string, limit = 100): Promise<Order[]> {
  return ordersOf(
    (await api<unknown>(`/api/v1/vendor/orders?status=${encodeURIComponent(status)}&limit=${limit}`, { token })).data,
  );
}

export async function acceptOrder(token: string, orderId: string): Promise<Order | undefined> {
  return (await api<Order | undefined>(`${orderPath(orderId)}/accept`, { method: 'POST', token, body: {} })).data;
}

export async function rejectOrder(token: string, orderId: string, reason: string): Promise<Order | undefined> {
  return (await api<Order | undefined>(`${orderPath(orderId)}/reject`, { method: 'POST', token, body: { reason } }))
    .data;
}
