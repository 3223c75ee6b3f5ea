// The order service's routes the pages call. The newer ones (payment callback, customer list,
// vendor queue, accept, reject) may be missing on an older server: callers check routeMissing.
import {
  CheckoutResponse,
  Order as OrderSchema,
  OrderList,
  OrderTimeline,
  PaymentCallbackResponse,
} from '@saga/contracts';
import { apiOf } from './http';
import type { CartLine, CheckoutResult, Order, Timeline } from './types';

const orderPath = (orderId: string) => `/api/v1/orders/${encodeURIComponent(orderId)}`;

/** Without lines, the order service checks out the customer's stored cart. */
export async function checkout(token: string, idempotencyKey: string, lines?: CartLine[]): Promise<CheckoutResult> {
  const body = lines ? { cartItems: lines } : {};
  return (
    await apiOf('/api/v1/orders/checkout', CheckoutResponse, {
      method: 'POST',
      token,
      body,
      headers: { 'idempotency-key': idempotencyKey },
    })
  ).data;
}

export async function getOrder(token: string, orderId: string): Promise<Order> {
  return (await apiOf(orderPath(orderId), OrderSchema, { token })).data;
}

export async function getTimeline(token: string, orderId: string): Promise<Timeline> {
  return (await apiOf(`${orderPath(orderId)}/timeline`, OrderTimeline, { token })).data;
}

export interface PaymentCallback {
  razorpay_payment_id: string;
  razorpay_order_id: string;
  razorpay_signature: string;
}

/** Razorpay Checkout's handler fields, verified by the server; the webhook covers a customer who never gets here. */
export async function confirmPayment(token: string, orderId: string, callback: PaymentCallback): Promise<void> {
  await apiOf(`${orderPath(orderId)}/payment`, PaymentCallbackResponse, { method: 'POST', token, body: callback });
}

export async function listMyOrders(token: string): Promise<Order[]> {
  return (await apiOf('/api/v1/orders?limit=10', OrderList, { token })).data.orders;
}

export async function listVendorOrders(token: string, status: string, limit = 100): Promise<Order[]> {
  const path = `/api/v1/vendor/orders?status=${encodeURIComponent(status)}&limit=${limit}`;
  return (await apiOf(path, OrderList, { token })).data.orders;
}

export async function acceptOrder(token: string, orderId: string): Promise<Order> {
  return (await apiOf(`${orderPath(orderId)}/accept`, OrderSchema, { method: 'POST', token, body: {} })).data;
}

export async function rejectOrder(token: string, orderId: string, reason: string): Promise<Order> {
  return (await apiOf(`${orderPath(orderId)}/reject`, OrderSchema, { method: 'POST', token, body: { reason } })).data;
}
