import { CheckAvailabilityRequest } from '@saga/contracts';
import { type Database, parseOrThrow } from '@saga/runtime';
import type { Router } from 'express';
import type { Histogram } from 'prom-client';
import { checkAvailability } from './hold-stock';

/** POST /api/v1/internal/products/check-availability: 200 priced (and held), 409 with unavailableItems. */
export function checkAvailabilityRoute(
  router: Router,
  db: Database,
  holdSeconds: number,
  outcomes: Histogram<'outcome'>,
): void {
  router.post('/api/v1/internal/products/check-availability', async (req, res) => {
    const end = outcomes.startTimer();
    try {
      const body = parseOrThrow(CheckAvailabilityRequest, req.body);
      res.json(await checkAvailability(db, body, holdSeconds));
      end({ outcome: 'available' });
    } catch (err) {
      end({ outcome: (err as { code?: string }).code === 'OUT_OF_STOCK' ? 'out_of_stock' : 'error' });
      throw err;
    }
  });
}
