// The customer's cart in the order service (kept in the Dapr state store): every write carries
// the ETag it was based on, so two tabs never overwrite each other blindly.
import { ApiError, api } from './http';
import type { CartLine } from './types';

export interface StoredCart {
  items: CartLine[];
  etag: string | null;
}

function cartOf(data: unknown, headers: Headers): StoredCart {
  const items = (data as { items?: unknown } | undefined)?.items;
  return { items: Array.isArray(items) ? (items as CartLine[]) : [], etag: headers.get('etag') };
}

export async function getCart(token: string): Promise<StoredCart> {
  const { data, headers } = await api<unknown>('/api/v1/cart', { token });
  return cartOf(data, headers);
}

export async function putCart(token: string, items: CartLine[], etag: string | null): Promise<StoredCart> {
  const { data, headers } = await api<unknown>('/api/v1/cart', {
    method: 'PUT',
    token,
    body: { items },
    headers: etag ? { 'if-match': etag } : {},
  });
  return cartOf(data ?? { items }, headers);
}

export async function deleteCart(token: string, etag: string | null): Promise<void> {
  await api('/api/v1/cart', { method: 'DELETE', token, headers: etag ? { 'if-match': etag } : {} });
}

/** Someone else (another tab) changed the cart since we read it. */
export const isStale = (err: unknown) => err instanceof ApiError && (err.status === 409 || err.status === 412);
