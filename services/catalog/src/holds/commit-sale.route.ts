import { CommitSaleRequest, type CommitSaleResponse } from '@saga/contracts';
import { type Database, AppError, parseOrThrow } from '@saga/runtime';
import type { Router } from 'express';
import type { Counter } from 'prom-client';
import { commitSale } from './commit-sale';

/** POST /api/v1/internal/holds/commit: the order is paid; sell what was held (idempotent). */
export function commitSaleRoute(router: Router, db: Database, sales: Counter<'outcome'>): void {
  router.post('/api/v1/internal/holds/commit', async (req, res) => {
    const { orderReference } = parseOrThrow(CommitSaleRequest, req.body);
    const outcome = await db.transaction((tx) => commitSale(tx, orderReference));
    if (outcome.status === 'NOT_FOUND') throw new AppError('NOT_FOUND', `no hold for ${orderReference}`);
    if (outcome.status === 'SHORTFALL') {
      sales.inc({ outcome: 'shortfall' });
      throw new AppError('OUT_OF_STOCK', `the hold for ${orderReference} lapsed and the stock is gone`, {
        isAvailable: false,
        unavailableItems: outcome.unavailableItems,
      });
    }
    sales.inc({ outcome: outcome.fromFreeStock ? 'sold_after_expiry' : 'sold' });
    const sold: CommitSaleResponse = { orderReference, status: 'SOLD' };
    res.json(sold);
  });
}
