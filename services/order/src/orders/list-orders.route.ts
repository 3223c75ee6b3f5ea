import { OrderListQuery } from '@saga/contracts';
import { type Database, parseOrThrow, requireRole, type TokenVerifier } from '@saga/runtime';
import type { Router } from 'express';
import { listOrders } from './list-orders';
import type { OrderViewOptions } from './order-view';

/**
 * GET /api/v1/orders (customer token): the customer's own orders. GET /api/v1/vendor/orders (vendor
 * token): the vendor's orders, by default its queue (PENDING_VENDOR_ACCEPTANCE). Both newest first,
 * `?status=&limit=&cursor=`, answering `{ orders, next? }`.
 */
export function listOrdersRoutes(router: Router, verify: TokenVerifier, db: Database, view: OrderViewOptions): void {
  router.get('/api/v1/orders', requireRole(verify, 'customer'), async (req, res) => {
    const query = parseOrThrow(OrderListQuery, req.query);
    res.json(await listOrders(db, { customerId: req.principal!.sub }, query, view));
  });
  router.get('/api/v1/vendor/orders', requireRole(verify, 'vendor'), async (req, res) => {
    const query = parseOrThrow(OrderListQuery, { status: 'PENDING_VENDOR_ACCEPTANCE', ...req.query });
    // A vendor token without its vendor has no orders (never everyone's: `vendor_id = null` matches nothing).
    res.json(await listOrders(db, { vendorId: req.principal!.vendorId ?? '' }, query, view));
  });
}
