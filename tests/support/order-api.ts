// The order service's HTTP API as a customer app and a vendor dashboard call it, answering status,
// parsed body and headers; and the shortest way to a placed order (checkout, paid on the simulator).
import { settle } from './settle';
import type { TestSystem } from './test-system';
import { until } from './until';

export interface ApiAnswer {
  status: number;
  body: any;
  headers: Headers;
}

export async function call(
  url: string,
  method: string,
  token: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

export function orderApi(orderUrl: string) {
  const orders = `${orderUrl}/api/v1/orders`;
  return {
    accept: (orderId: string, token?: string, body?: unknown) =>
      call(`${orders}/${orderId}/accept`, 'POST', token, body),
    reject: (orderId: string, token: string | undefined, body: unknown) =>
      call(`${orders}/${orderId}/reject`, 'POST', token, body),
    get: (orderId: string, token: string) => call(`${orders}/${orderId}`, 'GET', token),
    timeline: (orderId: string, token: string) => call(`${orders}/${orderId}/timeline`, 'GET', token),
    customerOrders: (token: string | undefined, query = '') => call(`${orders}${query}`, 'GET', token),
    vendorOrders: (token: string | undefined, query = '') =>
      call(`${orderUrl}/api/v1/vendor/orders${query}`, 'GET', token),
  };
}

/** A product of its own for one vendor, bought by the customer and paid: the order waits for its vendor. */
export async function placedOrder(
  system: TestSystem,
  vendorId: string,
  customerToken: string,
  price = 25_000,
): Promise<{ orderId: string; paymentId: string; amount: number; productId: string }> {
  const productId = `dish-${Math.random().toString(16).slice(2, 10)}`;
  await system.addProduct({ productId, vendorId, price, stock: 10 });
  const checkout = await system.checkout([{ productId, quantity: 1 }], { token: customerToken });
  if (checkout.status !== 200)
    throw new Error(`checkout answered ${checkout.status}: ${JSON.stringify(checkout.body)}`);
  const payment = await system.sim!.pay(checkout.body.paymentIntent.paymentProviderOrderId, { outcome: 'captured' });
  const orderId: string = checkout.body.orderId;
  const status = await until(
    async () =>
      (await system.sql<{ status: string }>('select status from orders.orders where order_id = $1', [orderId]))[0]
        ?.status,
    (s) => s === 'PENDING_VENDOR_ACCEPTANCE',
    10_000,
    20,
  );
  if (status !== 'PENDING_VENDOR_ACCEPTANCE') throw new Error(`order ${orderId} is ${status}, not placed`);
  await settle(system);
  return { orderId, paymentId: payment.id, amount: checkout.body.amount, productId };
}
