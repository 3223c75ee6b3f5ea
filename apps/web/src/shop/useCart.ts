// The customer's cart. Stored by the order service when it has the cart API (so it survives a
// reload and shows in a second tab), else in this browser. Every change is an edit function
// applied to the latest cart: when another tab wrote first (a stale ETag), the cart is read again
// and the same edit applied to it, so neither tab's change is lost.
import { useCallback, useEffect, useRef, useState } from 'react';
import { deleteCart, getCart, isStale, putCart } from '../api/cart';
import { ApiError, describeError } from '../api/http';
import type { CartLine } from '../api/types';

export type CartEdit = (lines: CartLine[]) => CartLine[];
export type CartStore = 'loading' | 'server' | 'browser';

const MAX_STALE_RETRIES = 3;
const localKey = (customer: string) => `bazaar.cart.${customer}`;

function readLocal(customer: string): CartLine[] {
  try {
    const lines = JSON.parse(localStorage.getItem(localKey(customer)) ?? '[]') as unknown;
    return Array.isArray(lines) ? (lines as CartLine[]) : [];
  } catch {
    return [];
  }
}

export function useCart(token: string | undefined, customer: string | undefined) {
  const [lines, setLines] = useState<CartLine[]>([]);
  const [store, setStore] = useState<CartStore>('loading');
  const [error, setError] = useState<string>();
  const etag = useRef<string | null>(null);
  const confirmed = useRef<CartLine[]>([]);
  const queue = useRef<Promise<void>>(Promise.resolve());

  const adopt = useCallback((items: CartLine[], tag: string | null) => {
    etag.current = tag;
    confirmed.current = items;
    setLines(items);
  }, []);

  const refresh = useCallback(async () => {
    if (!token || !customer) return;
    try {
      const cart = await getCart(token);
      adopt(cart.items, cart.etag);
      setStore('server');
    } catch (err) {
      if (err instanceof ApiError && err.routeMissing) {
        setStore('browser');
        adopt(readLocal(customer), null);
      } else setError(describeError(err));
    }
  }, [token, customer, adopt]);

  useEffect(() => {
    setStore('loading');
    adopt([], null);
    if (!token) return;
    void refresh();
    const onFocus = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onFocus);
    return () => {
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onFocus);
    };
  }, [token, refresh, adopt]);

  // The browser store follows other tabs through storage events.
  useEffect(() => {
    if (store !== 'browser' || !customer) return;
    const onStorage = (e: StorageEvent) => {
      if (e.key === localKey(customer)) adopt(readLocal(customer), null);
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [store, customer, adopt]);

  const writeServer = useCallback(
    async (edit: CartEdit) => {
      for (let attempt = 0; ; attempt++) {
        const next = edit(confirmed.current);
        try {
          if (next.length === 0) {
            await deleteCart(token!, etag.current);
            adopt([], null);
            // A DELETE answers no ETag: read the empty cart's, for the next write.
            await refresh();
          } else {
            const saved = await putCart(token!, next, etag.current);
            adopt(saved.items, saved.etag);
          }
          return;
        } catch (err) {
          if (!isStale(err) || attempt >= MAX_STALE_RETRIES) throw err;
          const fresh = await getCart(token!);
          adopt(fresh.items, fresh.etag);
        }
      }
    },
    [token, adopt, refresh],
  );

  const change = useCallback(
    (edit: CartEdit) => {
      if (!customer) return;
      setError(undefined);
      setLines((current) => edit(current)); // at once; the server's answer follows
      if (store === 'browser') {
        const next = edit(readLocal(customer));
        localStorage.setItem(localKey(customer), JSON.stringify(next));
        adopt(next, null);
        return;
      }
      queue.current = queue.current
        .then(() => writeServer(edit))
        .catch((err) => {
          setError(describeError(err));
          setLines(confirmed.current);
        });
    },
    [customer, store, writeServer, adopt],
  );

  /** Forget the cart here once its order is placed (the order service clears the stored one). */
  const forget = useCallback(() => {
    if (customer && store === 'browser') localStorage.removeItem(localKey(customer));
    adopt([], null);
    void refresh();
  }, [customer, store, adopt, refresh]);

  return { lines, store, error, change, refresh, forget, settled: () => queue.current };
}

export function setQuantity(productId: string, quantity: number): CartEdit {
  return (lines) => {
    const rest = lines.filter((l) => l.productId !== productId);
    if (quantity <= 0) return rest;
    const index = lines.findIndex((l) => l.productId === productId);
    const line = { productId, quantity };
    if (index < 0) return [...rest, line];
    const copy = [...lines];
    copy[index] = line;
    return copy;
  };
}

export const addOne =
  (productId: string): CartEdit =>
  (lines) =>
    setQuantity(productId, (lines.find((l) => l.productId === productId)?.quantity ?? 0) + 1)(lines);

export const startOver =
  (productId: string): CartEdit =>
  () => [{ productId, quantity: 1 }];
