// The order service's view of the catalog: price the cart and hold its stock in one call.
import type { AvailabilityResponse } from '@saga/contracts';
import { AppError, type InvalidParam, InvocationError, type RuntimePort, type TraceHeaders } from '@saga/runtime';

const CHECK_AVAILABILITY = '/api/v1/internal/products/check-availability';
const RELEASE_HOLD = '/api/v1/internal/holds/release';
const COMMIT_SALE = '/api/v1/internal/holds/commit';

export type SaleResult = { status: 'SOLD' } | { status: 'SHORTFALL'; unavailableItems: unknown[] };

interface ProblemBody {
  code?: string;
  detail?: string;
  invalidParams?: InvalidParam[];
  unavailableItems?: unknown[];
  vendors?: string[];
}

export interface CatalogClient {
  hold(orderId: string, items: Array<{ productId: string; quantity: number }>, holdSeconds: number, trace: TraceHeaders): Promise<AvailabilityResponse>;
  release(orderId: string, reason: string, trace: TraceHeaders): Promise<void>;
  /** Sells what was held (idempotent). Throws when the catalog cannot answer: the caller retries. */
  commitSale(orderId: string): Promise<SaleResult>;
}

export function createCatalogClient(runtime: RuntimePort, catalogAppId: string): CatalogClient {
  return {
    async hold(orderId, items, holdSeconds, trace) {
      let res;
      try {
        res = await runtime.invoke<AvailabilityResponse & ProblemBody>(catalogAppId, {
          method: 'POST',
          path: CHECK_AVAILABILITY,
          body: { items, orderReference: orderId, holdSeconds, requireSingleVendor: true },
          headers: trace,
        });
      } catch (err) {
        if (err instanceof InvocationError) throw new AppError('SERVICE_UNAVAILABLE', 'the catalog is unavailable; retry later', { retryAfterSeconds: 1 });
        throw err;
      }
      const body = res.body;
      if (res.status === 200) return body;
      // The catalog names fields of its own request (items[i]); the customer sent cartItems[i].
      const invalidParams = body.invalidParams?.map((p) => ({ ...p, name: p.name.replace(/^items\[/, 'cartItems[') }));
      switch (body.code) {
        case 'OUT_OF_STOCK':
          throw new AppError('OUT_OF_STOCK', body.detail ?? 'out of stock', { isAvailable: false, unavailableItems: body.unavailableItems ?? [] });
        case 'UNKNOWN_PRODUCT':
          throw new AppError('UNKNOWN_PRODUCT', body.detail ?? 'unknown product', { invalidParams });
        case 'MULTIPLE_VENDORS':
          throw new AppError('MULTIPLE_VENDORS', body.detail ?? 'one vendor per order', { vendors: body.vendors });
        default:
          throw new AppError('SERVICE_UNAVAILABLE', `the catalog answered ${res.status} (${body.code ?? 'no code'}); retry later`, { retryAfterSeconds: 1 });
      }
    },
    async release(orderId, reason, trace) {
      const res = await runtime.invoke(catalogAppId, {
        method: 'POST',
        path: RELEASE_HOLD,
        body: { orderReference: orderId, reason },
        headers: trace,
      });
      if (res.status !== 200) throw new Error(`catalog refused to release hold ${orderId}: ${res.status}`);
    },
    async commitSale(orderId) {
      const res = await runtime.invoke<ProblemBody & { status?: string }>(catalogAppId, { method: 'POST', path: COMMIT_SALE, body: { orderReference: orderId } });
      if (res.status === 200) return { status: 'SOLD' };
      if (res.status === 409 && res.body.code === 'OUT_OF_STOCK') return { status: 'SHORTFALL', unavailableItems: res.body.unavailableItems ?? [] };
      if (res.status === 404) return { status: 'SHORTFALL', unavailableItems: [] };
      throw new Error(`catalog could not commit the sale of ${orderId}: ${res.status} ${res.body.code ?? ''}`);
    },
  };
}
