import { z } from 'zod';
import type { SimContext } from '../context';
import { badRequest } from '../errors';
import { razorpayId, unixNow } from '../ids';
import type { RefundEntity } from '../types';
import { amountSchema, notesSchema, parseBody, receiptSchema } from '../validation';
import { buildEvent } from '../webhooks/events';

const refundSchema = z.strictObject({
  amount: amountSchema(100, 'The amount must be atleast INR 1.00').optional(),
  speed: z.enum(['normal', 'optimum'], { error: 'The selected speed is invalid.' }).optional(),
  notes: notesSchema,
  receipt: receiptSchema.optional(),
});

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{10,}$/;

/** Key order must not matter when comparing two bodies sent under one idempotency key. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface RefundOutcome {
  refund: RefundEntity;
  /** true when an earlier request with the same idempotency key produced this refund. */
  replayed: boolean;
}

/**
 * POST /v1/payments/:id/refund. With X-Refund-Idempotency, the same key and body give back the
 * first refund; the same key with another body (or payment) is a 409, as Razorpay documents.
 */
export function refundPayment(
  ctx: SimContext,
  paymentId: string,
  body: unknown,
  idempotencyKey: string | undefined,
): RefundOutcome {
  const payment = ctx.store.getPayment(paymentId);
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw badRequest(
      'The X-Refund-Idempotency header must be at least 10 characters of A-Z, a-z, 0-9, _ or -',
      'X-Refund-Idempotency',
    );
  }
  const input = parseBody(refundSchema, body);
  const fingerprint = canonical({
    paymentId,
    amount: input.amount,
    speed: input.speed,
    receipt: input.receipt,
    notes: input.notes ?? [],
  });

  if (idempotencyKey !== undefined) {
    const earlier = ctx.store.refundKeys.get(idempotencyKey);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) {
        throw badRequest('The idempotency key was already used with a different request', 'X-Refund-Idempotency', 409);
      }
      return { refund: ctx.store.getRefund(earlier.refundId), replayed: true };
    }
  }

  if (payment.status === 'refunded') throw badRequest('The payment has been fully refunded already', null);
  if (payment.status !== 'captured') throw badRequest('Only captured payments can be refunded', null);
  const refundable = payment.amount - payment.amount_refunded;
  const amount = input.amount ?? refundable;
  if (amount > refundable) {
    throw badRequest('The refund amount provided is greater than amount captured', 'amount');
  }

  const speed = input.speed ?? 'normal';
  const refund: RefundEntity = {
    id: razorpayId('rfnd'),
    entity: 'refund',
    amount,
    currency: payment.currency,
    payment_id: payment.id,
    notes: input.notes ?? [],
    receipt: input.receipt ?? null,
    acquirer_data: { arn: null },
    created_at: unixNow(),
    batch_id: null,
    status: 'processed',
    speed_processed: speed === 'optimum' ? 'instant' : 'normal',
    speed_requested: speed,
  };
  ctx.store.addRefund(refund);
  if (idempotencyKey !== undefined) {
    ctx.store.addRefundKey(idempotencyKey, { fingerprint, refundId: refund.id });
  }
  payment.amount_refunded += amount;
  payment.refund_status = payment.amount_refunded >= payment.amount ? 'full' : 'partial';
  if (payment.refund_status === 'full') payment.status = 'refunded';
  ctx.store.savePayment(payment);
  ctx.stats.data.refundsCreated += 1;
  ctx.logger.info({ paymentId, refundId: refund.id, amount }, 'razorpay-sim: refund processed');

  const event = ctx.webhooks.record(
    buildEvent(ctx.accountId, 'refund.processed', {
      refund: structuredClone(refund),
      payment: structuredClone(payment),
    }),
  );
  if (ctx.knobs.peek().autoWebhook) ctx.webhooks.deliverInBackground([event]);
  else ctx.webhooks.withhold([event]);
  return { refund, replayed: false };
}
