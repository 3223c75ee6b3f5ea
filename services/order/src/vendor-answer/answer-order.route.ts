import { AcceptOrderRequest, RejectOrderRequest } from '@saga/contracts';
import { type Outbox, parseOrThrow, requireRole, type TokenVerifier } from '@saga/runtime';
import type { Router } from 'express';
import type { OrderViewOptions } from '../orders/order-view';
import { answerOrder } from './answer-order';

/**
 * POST /api/v1/orders/{orderId}/accept and /reject { reason }: the order's vendor only (a customer
 * token is 403, another vendor's order 404). 200 with the order; the same answer twice, the same 200.
 */
export function answerOrderRoutes(router: Router, verify: TokenVerifier, outbox: Outbox, view: OrderViewOptions): void {
  router.post('/api/v1/orders/:orderId/accept', requireRole(verify, 'vendor'), async (req, res) => {
    parseOrThrow(AcceptOrderRequest, req.body ?? {});
    res.json(await answerOrder(outbox, String(req.params.orderId), req.principal!, { kind: 'accept' }, view));
  });
  router.post('/api/v1/orders/:orderId/reject', requireRole(verify, 'vendor'), async (req, res) => {
    const { reason } = parseOrThrow(RejectOrderRequest, req.body ?? {});
    res.json(await answerOrder(outbox, String(req.params.orderId), req.principal!, { kind: 'reject', reason }, view));
  });
}
