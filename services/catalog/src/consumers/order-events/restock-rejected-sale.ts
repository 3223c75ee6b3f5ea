// A rejected order gives back the stock its sale took. Idempotent by state, not only by inbox: the
// sale is marked restocked_at in the same statement that claims it, so a redelivered or replayed
// OrderRejected (a new event id, or an inbox row pruned by retention) finds nothing left to restock.
import type { Queryable } from '@saga/runtime';
import { holdRepository } from '../../repositories/hold-repository';

export async function restockRejectedSale(tx: Queryable, orderReference: string): Promise<boolean> {
  // never sold here (unknown order, or a hold that was released), or restocked already
  if (!(await holdRepository.claimRestock(tx, orderReference))) return false;
  await holdRepository.lockProductsOf(tx, [orderReference]);
  await holdRepository.restock(tx, orderReference);
  return true;
}
