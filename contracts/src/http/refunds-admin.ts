// The operator's refund routes (payments, internal; the `npm run refunds` CLI): refunds Razorpay
// refused for good are FAILED and wait for a person, who lists them and retries one.
import { z } from 'zod';
import { IsoTime, Paise } from '../common';

export const REFUND_STATUSES = ['REQUESTED', 'PROCESSED', 'FAILED'] as const;
export const RefundStatus = z
  .enum(REFUND_STATUSES)
  .describe(
    'REQUESTED: not yet held by Razorpay; PROCESSED: Razorpay holds it; FAILED: Razorpay refused it for good, a person must look',
  );

/** Query of GET /api/v1/internal/refunds. */
export const RefundListQuery = z.object({
  status: z
    .enum([...REFUND_STATUSES, 'all'])
    .default('FAILED')
    .describe('Only refunds in this status; `all` for every one (default FAILED)'),
});
export type RefundListQuery = z.infer<typeof RefundListQuery>;

/** Path parameters of POST /api/v1/internal/refunds/{paymentId}/retry. */
export const RefundRetryParams = z.object({
  paymentId: z.string().min(1).max(128).describe('The Razorpay payment (pay_...) the refund returns'),
});
export type RefundRetryParams = z.infer<typeof RefundRetryParams>;

export const RefundView = z.object({
  paymentId: z.string(),
  orderReference: z.string(),
  amount: Paise,
  currency: z.string().describe("The payment's currency, as stored (INR)"),
  reason: z.string(),
  requestedBy: z
    .enum(['order', 'payments'])
    .describe('order: a RefundRequested event; payments: a payment no order could take'),
  status: RefundStatus,
  razorpayRefundId: z.string().nullable(),
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  requestedAt: IsoTime,
  processedAt: IsoTime.nullable(),
});
export type RefundView = z.infer<typeof RefundView>;

export const RefundList = z
  .object({
    status: RefundListQuery.shape.status.unwrap(),
    refunds: z.array(RefundView).describe('Oldest request first, at most 500'),
  })
  .describe('Refunds in a status');
export type RefundList = z.infer<typeof RefundList>;

export const RefundRetryResult = z
  .object({
    retried: z.boolean().describe('true when the refund was FAILED and was reopened by this call'),
    outcome: z
      .enum(['processed', 'retry', 'failed'])
      .nullable()
      .describe('What the attempt made now came to; null when none was made (not FAILED, or another attempt holds it)'),
    refund: RefundView,
  })
  .describe('The refund after the retry; done when refund.status is PROCESSED');
export type RefundRetryResult = z.infer<typeof RefundRetryResult>;
