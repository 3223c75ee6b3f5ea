// Turns an order's hold into a sale: the held units leave `reserved` and `stock` together.
// Idempotent (a SOLD hold stays sold). A hold that lapsed before the payment landed is sold from
// whatever stock is still free; if that is not enough, nothing changes and the shortfall is
// reported so the order can be cancelled and refunded: stock is never oversold.
import type { Queryable } from '@saga/runtime';
import { holdRepository } from '../repositories/hold-repository';

export type SaleOutcome =
  | { status: 'SOLD'; fromFreeStock: boolean }
  | { status: 'SHORTFALL'; unavailableItems: Array<{ productId: string; requested: number; available: number }> }
  | { status: 'NOT_FOUND' };

export async function commitSale(tx: Queryable, orderReference: string): Promise<SaleOutcome> {
  const status = await holdRepository.lockStatus(tx, orderReference);
  if (!status) return { status: 'NOT_FOUND' };
  if (status === 'SOLD') return { status: 'SOLD', fromFreeStock: false };
  if (status === 'HELD') {
    await holdRepository.lockProductsOf(tx, [orderReference]);
    await holdRepository.sellHeld(tx, orderReference);
    return { status: 'SOLD', fromFreeStock: false };
  }
  const lines = await holdRepository.linesAgainstFreeStock(tx, orderReference);
  const short = lines.filter((l) => l.free < l.quantity);
  if (short.length) {
    return {
      status: 'SHORTFALL',
      unavailableItems: short.map((l) => ({
        productId: l.productId,
        requested: l.quantity,
        available: Math.max(0, l.free),
      })),
    };
  }
  await holdRepository.sellFromFreeStock(tx, orderReference, lines);
  return { status: 'SOLD', fromFreeStock: true };
}
