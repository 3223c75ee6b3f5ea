import type { PricedLine } from '@saga/contracts';
import { AppError } from '@saga/runtime';
import type { Product } from '../repositories/product-repository';

export interface RequestedItem {
  productId: string;
  quantity: number;
}

/** Prices the request from the catalog's own rows; unknown products are the caller's error (400). */
export function priceLines(
  items: RequestedItem[],
  rows: Product[],
  requireSingleVendor: boolean,
): { lines: PricedLine[]; amount: number } {
  const byId = new Map(rows.map((r) => [r.productId, r]));
  const unknown = items.flatMap((item, i) =>
    byId.has(item.productId) ? [] : [{ name: `items[${i}].productId`, reason: `unknown product ${item.productId}` }],
  );
  if (unknown.length)
    throw new AppError('UNKNOWN_PRODUCT', unknown.map((u) => u.reason).join('; '), { invalidParams: unknown });

  const lines = items.map((item) => {
    const row = byId.get(item.productId) as Product;
    const unitPrice = row.pricePaise;
    return {
      productId: row.productId,
      vendorId: row.vendorId,
      name: row.name,
      quantity: item.quantity,
      unitPrice,
      lineTotal: unitPrice * item.quantity,
    };
  });
  const vendors = new Set(lines.map((l) => l.vendorId));
  if (requireSingleVendor && vendors.size > 1) {
    throw new AppError(
      'MULTIPLE_VENDORS',
      `an order is placed with one vendor; this cart spans ${[...vendors].sort().join(', ')}`,
      {
        vendors: [...vendors].sort(),
      },
    );
  }
  const amount = lines.reduce((sum, l) => sum + l.lineTotal, 0);
  if (!Number.isSafeInteger(amount)) throw new AppError('VALIDATION_FAILED', 'the cart total is too large');
  return { lines, amount };
}

export function shortages(items: RequestedItem[], rows: Product[]) {
  const byId = new Map(rows.map((r) => [r.productId, r]));
  return items.flatMap((item) => {
    const row = byId.get(item.productId) as Product;
    const available = row.stock - row.reserved;
    return available >= item.quantity
      ? []
      : [{ productId: item.productId, requested: item.quantity, available: Math.max(0, available) }];
  });
}

export class OutOfStockError extends AppError {
  constructor(readonly unavailableItems: ReturnType<typeof shortages>) {
    super('OUT_OF_STOCK', `not enough stock for ${unavailableItems.map((u) => u.productId).join(', ')}`, {
      isAvailable: false,
      unavailableItems,
    });
  }
}
