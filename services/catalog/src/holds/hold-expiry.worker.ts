// Releases holds whose checkout was never paid. SKIP LOCKED lets several replicas sweep at once
// without taking the same hold twice; the order service's own expiry is the primary path, this is
// the catalog's guarantee that stock never leaks.
import { type Database, type Logger, intervalWorker } from '@saga/runtime';
import { holdRepository } from '../repositories/hold-repository';
import { closeHold } from './release-hold';

export function holdExpiryWorker(db: Database, logger: Logger, intervalMs: number) {
  const sweep = () =>
    db.transaction(async (tx) => {
      const due = await holdRepository.lockExpired(tx, 200);
      // All their products first, in one ordered pass: closing hold after hold would lock them in
      // hold order, which can deadlock with a checkout locking the same products in id order.
      if (due.length) await holdRepository.lockProductsOf(tx, due);
      for (const orderReference of due) await closeHold(tx, orderReference, 'EXPIRED', 'checkout expired unpaid');
      return due.length;
    });
  return {
    ...intervalWorker('hold-expiry', intervalMs, logger, sweep, (n) => (n ? `released ${n} expired holds` : undefined)),
    sweep,
  };
}
