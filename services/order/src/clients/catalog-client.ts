// The order service's view of the catalog: price the cart and hold its stock in one call. Every
// answer is parsed with its contract; one that does not match is treated as no answer (contract-answer.ts).
import {
  AvailabilityResponse,
  CommitSaleResponse,
  OutOfStockProblem,
  Problem,
  ReleaseHoldResponse,
  type UnavailableItem,
} from '@saga/contracts';
import { AppError, InvocationError, type RuntimePort, type TraceHeaders } from '@saga/runtime';
import { contractAnswer } from './contract-answer';

const CHECK_AVAILABILITY = '/api/v1/internal/products/check-availability';
const RELEASE_HOLD = '/api/v1/internal/holds/release';
const COMMIT_SALE = '/api/v1/internal/holds/commit';

export type SaleResult = { status: 'SOLD' } | { status: 'SHORTFALL'; unavailableItems: UnavailableItem[] };

export interface CatalogClient {
  hold(
    orderId: string,
    items: Array<{ productId: string; quantity: number }>,
    holdSeconds: number,
    trace: TraceHeaders,
  ): Promise<AvailabilityResponse>;
  release(orderId: string, reason: string, trace: TraceHeaders): Promise<void>;
  /** Sells what was held (idempotent). Throws when the catalog cannot answer: the caller retries. */
  commitSale(orderId: string): Promise<SaleResult>;
}

export function createCatalogClient(runtime: RuntimePort, catalogAppId: string): CatalogClient {
  const answer = <S extends Parameters<typeof contractAnswer>[0]>(
    schema: S,
    path: string,
    res: { status: number; body: unknown },
  ) => contractAnswer(schema, catalogAppId, path, res);
  return {
    async hold(orderId, items, holdSeconds, trace) {
      let res;
      let problem;
      try {
        res = await runtime.invoke(catalogAppId, {
          method: 'POST',
          path: CHECK_AVAILABILITY,
          body: { items, orderReference: orderId, holdSeconds, requireSingleVendor: true },
          headers: trace,
        });
        if (res.status === 200) return answer(AvailabilityResponse, CHECK_AVAILABILITY, res);
        problem = answer(Problem, CHECK_AVAILABILITY, res);
      } catch (err) {
        if (err instanceof InvocationError)
          throw new AppError('SERVICE_UNAVAILABLE', 'the catalog is unavailable; retry later', {
            retryAfterSeconds: 1,
          });
        throw err;
      }
      // The catalog names fields of its own request (items[i]); the customer sent cartItems[i].
      const invalidParams = problem.invalidParams?.map((p) => ({
        ...p,
        name: p.name.replace(/^items\[/, 'cartItems['),
      }));
      const outOfStock = problem.code === 'OUT_OF_STOCK' ? OutOfStockProblem.safeParse(problem) : undefined;
      switch (problem.code) {
        case 'OUT_OF_STOCK':
          if (!outOfStock?.success) break; // no unavailableItems to tell the customer: not an answer
          throw new AppError('OUT_OF_STOCK', problem.detail, {
            isAvailable: false,
            unavailableItems: outOfStock.data.unavailableItems,
          });
        case 'UNKNOWN_PRODUCT':
          throw new AppError('UNKNOWN_PRODUCT', problem.detail, { invalidParams });
        case 'MULTIPLE_VENDORS':
          throw new AppError('MULTIPLE_VENDORS', problem.detail, { vendors: problem.vendors });
      }
      throw new AppError('SERVICE_UNAVAILABLE', `the catalog answered ${res.status} (${problem.code}); retry later`, {
        retryAfterSeconds: 1,
      });
    },
    async release(orderId, reason, trace) {
      const res = await runtime.invoke(catalogAppId, {
        method: 'POST',
        path: RELEASE_HOLD,
        body: { orderReference: orderId, reason },
        headers: trace,
      });
      if (res.status !== 200) throw new Error(`catalog refused to release hold ${orderId}: ${res.status}`);
      answer(ReleaseHoldResponse, RELEASE_HOLD, res);
    },
    async commitSale(orderId) {
      const res = await runtime.invoke(catalogAppId, {
        method: 'POST',
        path: COMMIT_SALE,
        body: { orderReference: orderId },
      });
      if (res.status === 200) {
        answer(CommitSaleResponse, COMMIT_SALE, res);
        return { status: 'SOLD' };
      }
      if (res.status === 409) {
        const shortfall = OutOfStockProblem.safeParse(res.body);
        if (shortfall.success) return { status: 'SHORTFALL', unavailableItems: shortfall.data.unavailableItems };
      }
      if (res.status === 404 && Problem.safeParse(res.body).data?.code === 'NOT_FOUND')
        return { status: 'SHORTFALL', unavailableItems: [] };
      throw new Error(
        `catalog could not commit the sale of ${orderId}: ${res.status} ${Problem.safeParse(res.body).data?.code ?? '(not a problem+json body)'}`,
      );
    },
  };
}
