import type { OrderTimeline } from '@saga/contracts';
import { type Database, isoTime, requireRole, type TokenVerifier } from '@saga/runtime';
import type { Router } from 'express';
import { readTimeline } from '../repositories/order-timeline';
import { readOrderFor } from './order-view';

/** GET /api/v1/orders/{orderId}/timeline: the saga's steps, oldest first, for the order's readers. */
export function getTimelineRoute(router: Router, verify: TokenVerifier, db: Database): void {
  router.get(
    '/api/v1/orders/:orderId/timeline',
    requireRole(verify, 'customer', 'vendor', 'admin'),
    async (req, res) => {
      const order = await readOrderFor(db, String(req.params.orderId), req.principal!);
      const rows = await readTimeline(db, order.orderId);
      const timeline: OrderTimeline = {
        orderId: order.orderId,
        status: order.status,
        entries: rows.map((r) => ({ at: isoTime(r.at), step: r.step, ...(r.detail ?? {}) })),
      };
      res.json(timeline);
    },
  );
}
