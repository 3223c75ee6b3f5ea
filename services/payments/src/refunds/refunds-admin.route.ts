// The operator's view of refunds (the `npm run refunds` CLI), beside the dead-letter routes:
//   GET  /api/v1/internal/refunds?status=FAILED       refunds in a status (default FAILED; `all`)
//   POST /api/v1/internal/refunds/{paymentId}/retry   a FAILED refund tried again now
// A retry keeps the refund's idempotency key and first asks Razorpay whether it holds the refund
// already (attempt-refund.ts), so retrying twice, or at once from two terminals, refunds once.
import {
  RefundListQuery,
  RefundRetryParams,
  type RefundList,
  type RefundRetryResult,
  type RefundView,
} from '@saga/contracts';
import { AppError, type Database, parseOrThrow } from '@saga/runtime';
import type { Router } from 'express';
import { refundRepository, type RefundListRow } from '../repositories/refund-repository';
import type { RefundWorker } from './refund-worker';

const LIST_LIMIT = 500;

const view = (r: RefundListRow): RefundView => ({
  paymentId: r.payment_id,
  orderReference: r.order_reference,
  amount: Number(r.amount_paise),
  currency: r.currency,
  reason: r.reason,
  requestedBy: r.requested_by,
  status: r.status,
  razorpayRefundId: r.razorpay_refund_id,
  attempts: r.attempts,
  lastError: r.last_error,
  requestedAt: r.requested_at,
  processedAt: r.processed_at,
});

export function refundsAdminRoutes(router: Router, db: Database, refunds: RefundWorker): void {
  router.get('/api/v1/internal/refunds', async (req, res) => {
    const { status } = parseOrThrow(RefundListQuery, req.query);
    const rows = await refundRepository.list(db, status === 'all' ? undefined : status, LIST_LIMIT);
    const list: RefundList = { status, refunds: rows.map(view) };
    res.json(list);
  });

  router.post('/api/v1/internal/refunds/:paymentId/retry', async (req, res) => {
    const { paymentId } = parseOrThrow(RefundRetryParams, req.params);
    const { reopened, outcome } = await refunds.retryNow(paymentId);
    const refund = await refundRepository.find(db, paymentId);
    if (!refund) throw new AppError('NOT_FOUND', `no refund for payment ${paymentId}`);
    const result: RefundRetryResult = { retried: reopened, outcome: outcome ?? null, refund: view(refund) };
    res.json(result);
  });
}
