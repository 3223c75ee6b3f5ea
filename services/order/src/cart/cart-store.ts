// The customer's cart in the runtime's state store (Dapr state under RUNTIME=dapr, memory when
// embedded), one key per customer, with the store's ETag for optimistic writes and a TTL renewed on
// every write. Each write also gets a revision of its own (a UUID): a checkout records the revision
// it took, and a cart whose revision became a placed order reads as empty and is deleted. Store
// ETags cannot serve for that: Redis numbers versions per key, so they repeat once a key is recreated.
import { randomUUID } from 'node:crypto';
import type { Cart, CartItem } from '@saga/contracts';
import { AppError, type Logger, type StateStore, StateConflictError } from '@saga/runtime';
import type { z } from 'zod';

type Item = z.infer<typeof CartItem>;

export interface StoredCart {
  items: Item[];
  revision: string;
  updatedAt: string;
}

export interface CartStoreDeps {
  state: StateStore;
  ttlSeconds: number;
  logger: Logger;
  /** Whether the cart revision was checked out into an order that has been placed. */
  isPlaced(customerId: string, revision: string): Promise<boolean>;
}

export type Precondition = { etag: string } | { any: true } | undefined;

export const cartKey = (customerId: string) => `cart:${encodeURIComponent(customerId)}`;

export function createCartStore(deps: CartStoreDeps) {
  const { state, ttlSeconds } = deps;

  /** The live cart: a placed one is deleted (if nobody changed it meanwhile) and reads as none. */
  async function read(customerId: string): Promise<{ cart: StoredCart; etag: string } | undefined> {
    const entry = await guard(() => state.get<StoredCart>(cartKey(customerId)));
    if (!entry) return undefined;
    if (!(await deps.isPlaced(customerId, entry.value.revision))) return { cart: entry.value, etag: entry.etag };
    await guard(() => state.delete(cartKey(customerId), { etag: entry.etag })).catch((err) => {
      if (!(err instanceof AppError && err.code === 'CART_CHANGED')) throw err; // written meanwhile: that cart is live
    });
    return undefined;
  }

  async function view(customerId: string): Promise<Cart> {
    const found = await read(customerId);
    if (!found) return { items: [], etag: null, updatedAt: null, expiresAt: null };
    const { cart, etag } = found;
    return {
      items: cart.items,
      etag,
      updatedAt: cart.updatedAt,
      expiresAt: new Date(Date.parse(cart.updatedAt) + ttlSeconds * 1000).toISOString(),
    };
  }

  async function write(customerId: string, items: Item[], precondition: Precondition): Promise<Cart> {
    const etag = await currentEtagFor(customerId, precondition);
    const cart: StoredCart = { items, revision: randomUUID(), updatedAt: new Date().toISOString() };
    await guard(() => state.save(cartKey(customerId), cart, { etag, ttlSeconds }));
    // The store does not answer a write with its new ETag: read it back (with whatever is there now).
    return view(customerId);
  }

  async function remove(customerId: string, precondition: Precondition): Promise<void> {
    const etag = await currentEtagFor(customerId, precondition);
    await guard(() => state.delete(cartKey(customerId), etag === undefined ? {} : { etag }));
  }

  /** The ETag a conditional write must carry; `If-Match: *` means "the cart as it is now, if any". */
  async function currentEtagFor(customerId: string, precondition: Precondition): Promise<string | undefined> {
    if (!precondition) return undefined;
    if ('etag' in precondition) return precondition.etag;
    const found = await read(customerId);
    if (!found) throw changed();
    return found.etag;
  }

  /** Removes the cart a placed order was checked out from, unless it was written since. Idempotent. */
  async function clearCheckedOut(customerId: string, revision: string): Promise<void> {
    const entry = await guard(() => state.get<StoredCart>(cartKey(customerId)));
    if (!entry || entry.value.revision !== revision) return;
    await guard(() => state.delete(cartKey(customerId), { etag: entry.etag })).catch((err) => {
      if (!(err instanceof AppError && err.code === 'CART_CHANGED')) throw err;
    });
  }

  /** Store failures as the API's errors: a stale ETag is 412, anything else the store's outage (503). */
  async function guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof StateConflictError) throw changed();
      deps.logger.error({ err: (err as Error).message }, 'cart state store call failed');
      throw new AppError('SERVICE_UNAVAILABLE', 'the cart store is unavailable; retry shortly', {
        retryAfterSeconds: 1,
      });
    }
  }

  return { read, view, write, remove, clearCheckedOut };
}

export type CartStore = ReturnType<typeof createCartStore>;

const changed = () =>
  new AppError(
    'CART_CHANGED',
    'the cart changed since the version named in If-Match: read it again (GET) and retry with its ETag',
  );
