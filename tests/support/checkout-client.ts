import { customerToken } from './tokens';

export interface CheckoutOptions {
  /** Bearer token; default a fresh customer token, '' for none. */
  token?: string;
  idempotencyKey?: string;
  /** Sent as the body instead of `{ cartItems }` (malformed JSON, oversized bodies). */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** POST /api/v1/orders/checkout as a customer app would, answering status, parsed body and headers. */
export async function postCheckout(
  orderUrl: string,
  cartItems: unknown,
  opts: CheckoutOptions = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const token = opts.token ?? (await customerToken());
  const res = await fetch(`${orderUrl}/api/v1/orders/checkout`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(opts.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : {}),
      ...opts.headers,
    },
    body: opts.rawBody ?? JSON.stringify({ cartItems }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}
