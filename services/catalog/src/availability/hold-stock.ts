// Checks availability and, for an order reference, holds the stock in the same transaction.
// Rows are locked in product-id order (no deadlocks between concurrent carts) and re-checked
// under the lock, so concurrent checkouts can never oversell; a shortfall rolls everything back.
import type { AvailabilityResponse, CheckAvailabilityRequest } from '@saga/contracts';
import { AppError, type Database, type Queryable, isoTime } from '@saga/runtime';
import { PRODUCT_COLUMNS, type ProductRow, paise } from '../products/product-row';
import { OutOfStockError, priceLines, shortages, type RequestedItem } from './price-lines';

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

async function loadProducts(q: Queryable, items: RequestedItem[], lock: boolean): Promise<ProductRow[]> {
  const ids = items.map((i) => i.productId).sort();
  return q.query<ProductRow>(
    `select ${PRODUCT_COLUMNS} from products where active and product_id in (${placeholders(ids.length)}) order by product_id${lock ? ' for update' : ''}`,
    ids,
  );
}

export async function checkAvailability(db: Database, request: CheckAvailabilityRequest, defaultHoldSeconds: number): Promise<AvailabilityResponse> {
  const requireSingleVendor = request.requireSingleVendor ?? false;
  if (!request.orderReference) {
    const rows = await loadProducts(db, request.items, false);
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
      tx.query<{ expires_at: Date | string }>(
        `insert into holds (order_reference, status, expires_at) values (?, 'HELD', now() + make_interval(secs => ?))
         on conflict (order_reference) do nothing returning expires_at`,
        [orderReference, holdSeconds],
      ),
      loadProducts(tx, request.items, true),
    ]);
    if (!claimed[0]) return replayHold(tx, orderReference);

    const { lines, amount } = priceLines(request.items, rows, requireSingleVendor);
    const short = shortages(request.items, rows);
    if (short.length) throw new OutOfStockError(short);

    // One statement for both writes: each statement costs about as much as the work it does here.
    const values = request.items.map(() => '(?, ?::int)').join(', ');
    await tx.send(
      `with reserve as (
         update products p set reserved = p.reserved + v.qty, updated_at = now() from (values ${values}) as v(id, qty) where p.product_id = v.id
       )
       insert into hold_items (order_reference, product_id, quantity, unit_price_paise) values ${lines.map(() => '(?, ?, ?, ?)').join(', ')}`,
      [...request.items.flatMap((i) => [i.productId, i.quantity]), ...lines.flatMap((l) => [orderReference, l.productId, l.quantity, l.unitPrice])],
    );
    return { isAvailable: true, items: lines, amount, currency: 'INR', hold: { orderReference, expiresAt: isoTime(claimed[0].expires_at), status: 'HELD' } };
  });
}

/** The same answer the first request got: the hold's own lines, at the prices they were held at. */
async function replayHold(tx: Queryable, orderReference: string): Promise<AvailabilityResponse> {
  const [hold] = await tx.query<{ status: 'HELD' | 'RELEASED' | 'SOLD' | 'EXPIRED'; expires_at: Date | string }>(
    'select status, expires_at from holds where order_reference = ?',
    [orderReference],
  );
  if (!hold) throw new AppError('INTERNAL', `hold ${orderReference} vanished`);
  if (hold.status === 'RELEASED' || hold.status === 'EXPIRED') {
    throw new AppError('HOLD_CLOSED', `the hold for ${orderReference} was ${hold.status.toLowerCase()}; start a new checkout`, { holdStatus: hold.status });
  }
  const items = await tx.query<{ product_id: string; vendor_id: string; name: string; quantity: number; unit_price_paise: string }>(
    `select hi.product_id, p.vendor_id, p.name, hi.quantity, hi.unit_price_paise
       from hold_items hi join products p using (product_id) where hi.order_reference = ? order by hi.product_id`,
    [orderReference],
  );
  const lines = items.map((i) => {
    const unitPrice = paise(i.unit_price_paise);
    return { productId: i.product_id, vendorId: i.vendor_id, name: i.name, quantity: i.quantity, unitPrice, lineTotal: unitPrice * i.quantity };
  });
  return {
    isAvailable: true,
    items: lines,
    amount: lines.reduce((s, l) => s + l.lineTotal, 0),
    currency: 'INR',
    hold: { orderReference, expiresAt: isoTime(hold.expires_at), status: hold.status },
  };
}
