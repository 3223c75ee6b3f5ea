import { ReleaseHoldRequest } from '@saga/contracts';
import { type Database, parseOrThrow } from '@saga/runtime';
import type { Router } from 'express';
import { holdRepository } from '../repositories/hold-repository';
import { closeHold } from './release-hold';

/** POST /api/v1/internal/holds/release: the order gives the stock back (gateway failure, cancel). */
export function releaseHoldRoute(router: Router, db: Database): void {
  router.post('/api/v1/internal/holds/release', async (req, res) => {
    const { orderReference, reason } = parseOrThrow(ReleaseHoldRequest, req.body);
    const status = await db.transaction(async (tx) => {
      if (await closeHold(tx, orderReference, 'RELEASED', reason ?? 'released by caller')) return 'RELEASED';
      return (await holdRepository.find(tx, orderReference))?.status ?? 'NOT_FOUND';
    });
    res.json({ orderReference, status });
  });
}
