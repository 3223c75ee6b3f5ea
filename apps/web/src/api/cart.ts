// The customer's cart in the order service (kept in the Dapr state store): every write carries
// the ETag it was based on, so two tabs never overwrite each other blindly.
import { Cart } from '@saga/contracts';
import { ApiError, api, apiOf } from './http';
import type { CartLine } from './types';

export interface StoredCart {
  items: CartLine[];
  etag: string | null;
}

// The ETag header (quoted) goes back as If-Match unchanged, so it is kept rather than the body's etag.
const cartOf = ({ data, headers }: { data: Cart; headers: Headers }): StoredCart => ({
  items: data.items,
  etag: headers.get('etag'),
});

export async function getCart(token: string): Promise<StoredCart> {
  return cartOf(await apiOf('/api/v1/cart', Cart, { token }));
}

export async function putCart(token: string, items: CartLine[], etag: string | null): Promise<StoredCart> {
  return cartOf(
    await apiOf('/api/v1/cart', Cart, {
      method: 'PUT',
      token,
      body: { items },
      headers: etag ? { 'if-match': etag } : {},
    }),
  );
}

export async function deleteCart(token: string, etag: string | null): Promise<void> {
  await api('/api/v1/cart', { method: 'DELETE', token, headers: etag ? { 'if-match': etag } : {} });
}

/** Someone else (another tab) changed the cart since we read it. */
export const isStale = (err: unknown) => err instanceof ApiError && (err.status === 409 || err.status === 412);
