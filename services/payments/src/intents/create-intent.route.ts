import { CreateIntentRequest } from '@saga/contracts';
import { type Database, type Logger, parseOrThrow } from '@saga/runtime';
import type { Router } from 'express';
import type { RazorpayGateway } from '../razorpay/razorpay-gateway';
import { createIntent } from './create-intent';

/** POST /api/v1/internal/payments/create-intent */
export function createIntentRoute(router: Router, db: Database, gateway: RazorpayGateway, logger: Logger): void {
  router.post('/api/v1/internal/payments/create-intent', async (req, res) => {
    const body = parseOrThrow(CreateIntentRequest, req.body);
    res.json(await createIntent(db, gateway, logger, body));
  });
}
