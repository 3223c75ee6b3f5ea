// Checks availability and, for an order reference, holds the stock in the same transaction.
// Rows are locked in product-id order (no deadlocks between concurrent carts) and re-checked
// under the lock, so concurrent checkouts can never oversell; a shortfall rolls everything back.
import type { AvailabilityResponse, CheckAvailabilityRequest } from '@saga/contracts';
import { AppError, type Database, type Queryable } from '@saga/runtime';
import { holdRepository } from '../repositories/hold-repository';
import { productRepository } from '../repositories/product-repository';
import { OutOfStockError, priceLines, shortages } from './price-lines';

export async function checkAvailability(
  db: Database,
  request: CheckAvailabilityRequest,
  defaultHoldSeconds: number,
): Promise<AvailabilityResponse> {
  const requireSingleVendor = request.requireSingleVendor ?? false;
  if (!request.orderReference) {
    const rows = await productRepository.findActive(
      db,
      request.items.map((i) => i.productId),
      false,
    );
    const { lines, amount } = priceLines(request.items, rows, requireSingleVendor);
    const short = shortages(request.items, rows);
    if (short.length) throw new OutOfStockError(short);
    return { isAvailable: true, items: lines, amount, currency: 'INR', hold: null };
  }
  const orderReference = request.orderReference;
  const holdSeconds = request.holdSeconds ?? defaultHoldSeconds;

  return db.transaction(async (tx) => {
    // Claiming the reference first makes a retried or concurrent request for it wait, then replay.
    // The products are locked in the same round trip (pipelined, in this order): a replay, rare,
    // holds their locks for nothing until it commits.
    const [claimed, rows] = await Promise.all([
      holdRepository.claim(tx, orderReference, holdSeconds),
      productRepository.findActive(
        tx,
        request.items.map((i) => i.productId),
        true,
      ),
    ]);
    if (!claimed) return replayHold(tx, orderReference);

    const { lines, amount } = priceLines(request.items, rows, requireSingleVendor);
    const short = shortages(request.items, rows);
    if (short.length) throw new OutOfStockError(short);

    await holdRepository.reserve(tx, orderReference, lines);
    return {
      isAvailable: true,
      items: lines,
      amount,
      currency: 'INR',
      hold: { orderReference, expiresAt: claimed.expiresAt, status: 'HELD' },
    };
  });
}

/** The same answer the first request got: the hold's own lines, at the prices they were held at. */
async function replayHold(tx: Queryable, orderReference: string): Promise<AvailabilityResponse> {
  const hold = await holdRepository.find(tx, orderReference);
  if (!hold) throw new AppError('INTERNAL', `hold ${orderReference} vanished`);
  if (hold.status === 'RELEASED' || hold.status === 'EXPIRED') {
    throw new AppError(
      'HOLD_CLOSED',
      `the hold for ${orderReference} was ${hold.status.toLowerCase()}; start a new checkout`,
      { holdStatus: hold.status },
    );
  }
  const lines = await holdRepository.lines(tx, orderReference);
  return {
    isAvailable: true,
    items: lines,
    amount: lines.reduce((s, l) => s + l.lineTotal, 0),
    currency: 'INR',
    hold: { orderReference, expiresAt: hold.expiresAt, status: hold.status },
  };
}
