import { type Database, requireRole, type TokenVerifier } from '@saga/runtime';
import type { Router } from 'express';
import { type OrderViewOptions, readOrderFor } from './order-view';

/** GET /api/v1/orders/{orderId}: the owning customer or the order's vendor. */
export function getOrderRoute(router: Router, verify: TokenVerifier, db: Database, view: OrderViewOptions = {}): void {
  router.get('/api/v1/orders/:orderId', requireRole(verify, 'customer', 'vendor', 'admin'), async (req, res) => {
    res.json(await readOrderFor(db, String(req.params.orderId), req.principal!, view));
  });
}
