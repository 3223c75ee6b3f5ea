// Ends a hold and gives its stock back. Idempotent: only a HELD hold changes, once.
import type { Queryable } from '@saga/runtime';
import { type ClosedStatus, holdRepository } from '../repositories/hold-repository';

export type { ClosedStatus };

export async function closeHold(
  tx: Queryable,
  orderReference: string,
  status: ClosedStatus,
  reason: string,
): Promise<boolean> {
  if (!(await holdRepository.close(tx, orderReference, status, reason))) return false;
  await holdRepository.lockProductsOf(tx, [orderReference]);
  await holdRepository.returnReserved(tx, orderReference);
  return true;
}
