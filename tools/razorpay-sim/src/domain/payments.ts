import { z } from 'zod';
import type { SimContext } from '../context';
import { badRequest } from '../errors';
import { digits, razorpayId, unixNow } from '../ids';
import type { StoredEvent } from '../store';
import type { OrderEntity, PaymentEntity, PayOutcome, PayResult, WebhookDeliveryReport } from '../types';
import { amountSchema, parseBody } from '../validation';
import { buildEvent } from '../webhooks/events';
import { markOrderPaid } from './orders';

// Razorpay's test-mode UPI ids: success@razorpay pays, failure@razorpay fails.
const SUCCESS_VPA = 'success@razorpay';
const FAILURE_VPA = 'failure@razorpay';

export const payRequestSchema = z.strictObject({
  outcome: z
    .enum(['captured', 'authorized', 'failed'], { error: 'outcome must be captured, authorized or failed' })
    .optional(),
  webhook: z.boolean({ error: 'webhook must be true or false' }).optional(),
});

export interface PayOptions {
  outcome?: PayOutcome;
  webhook?: boolean;
}

/** Razorpay's fee is 2% plus 18% GST on it; `fee` includes the tax. */
function applyCapture(payment: PaymentEntity): void {
  const base = Math.round(payment.amount * 0.02);
  const tax = Math.round(base * 0.18);
  payment.status = 'captured';
  payment.captured = true;
  payment.fee = base + tax;
  payment.tax = tax;
}

function applyAuthorization(payment: PaymentEntity): void {
  payment.status = 'authorized';
  payment.vpa = SUCCESS_VPA;
  payment.upi = { vpa: SUCCESS_VPA };
  payment.error_code = null;
  payment.error_description = null;
  payment.error_source = null;
  payment.error_step = null;
  payment.error_reason = null;
  payment.acquirer_data = { rrn: digits(12), upi_transaction_id: razorpayId('pay').slice(4).toUpperCase() };
}

function newPayment(order: OrderEntity): PaymentEntity {
  return {
    id: razorpayId('pay'),
    entity: 'payment',
    amount: order.amount,
    currency: order.currency,
    status: 'created',
    order_id: order.id,
    invoice_id: null,
    international: false,
    method: 'upi',
    amount_refunded: 0,
    refund_status: null,
    captured: false,
    description: null,
    card_id: null,
    bank: null,
    wallet: null,
    vpa: SUCCESS_VPA,
    email: 'void@razorpay.com',
    contact: '+919000090000',
    notes: [],
    fee: null,
    tax: null,
    error_code: null,
    error_description: null,
    error_source: null,
    error_step: null,
    error_reason: null,
    acquirer_data: {},
    upi: { vpa: SUCCESS_VPA },
    created_at: unixNow(),
  };
}

function snapshot<T>(value: T): T {
  return structuredClone(value);
}

/** Stores the change and its events first (like Razorpay, which records, then notifies), then sends them. */
async function dispatch(ctx: SimContext, events: StoredEvent[], send: boolean): Promise<WebhookDeliveryReport[]> {
  for (const event of events) ctx.webhooks.record(event);
  await ctx.store.commit();
  if (!send) {
    // Kept (undelivered) so a test can deliver a "lost" webhook later through redeliver.
    ctx.webhooks.withhold(events);
    return [];
  }
  return ctx.webhooks.deliverAll(events);
}

/**
 * The customer paying on Razorpay's checkout page. Awaits the webhooks it causes, so that when
 * the call returns, the receiver has had its chance to answer (the answer lists each status).
 */
export async function pay(ctx: SimContext, orderId: string, options: PayOptions = {}): Promise<PayResult> {
  const { outcome = 'captured', webhook } = parseBody(payRequestSchema, options);
  const send = webhook ?? ctx.knobs.peek().autoWebhook;
  const order = ctx.store.getOrderForSim(orderId);
  if (order.status === 'paid') {
    throw badRequest('This order has already been paid', 'order_id');
  }

  const payment = newPayment(order);
  order.attempts += 1;
  order.status = 'attempted';
  ctx.store.saveOrder(order);
  ctx.store.addPayment(payment);
  ctx.stats.data.paymentsCreated += 1;

  const events: StoredEvent[] = [];
  if (outcome === 'failed') {
    payment.status = 'failed';
    payment.vpa = FAILURE_VPA;
    payment.upi = { vpa: FAILURE_VPA };
    payment.error_code = 'BAD_REQUEST_ERROR';
    payment.error_description = 'Payment failed because the customer did not approve the collect request';
    payment.error_source = 'customer';
    payment.error_step = 'payment_authorization';
    payment.error_reason = 'payment_failed';
    events.push(buildEvent(ctx.accountId, 'payment.failed', { payment: snapshot(payment) }));
  } else {
    applyAuthorization(payment);
    events.push(buildEvent(ctx.accountId, 'payment.authorized', { payment: snapshot(payment) }));
    if (outcome === 'captured') {
      applyCapture(payment);
      ctx.stats.data.captures += 1;
      events.push(buildEvent(ctx.accountId, 'payment.captured', { payment: snapshot(payment) }));
      if (markOrderPaid(order, payment.amount)) {
        events.push(buildEvent(ctx.accountId, 'order.paid', { payment: snapshot(payment), order: snapshot(order) }));
      }
    }
  }
  ctx.logger.info({ orderId, paymentId: payment.id, outcome, webhooks: send }, 'razorpay-sim: order paid on checkout');

  const webhooks = await dispatch(ctx, events, send);
  return { ...snapshot(payment), webhooks };
}

/**
 * Razorpay's late authorisation: a payment reported failed is authorised minutes later (and,
 * with auto-capture, captured). Receivers see payment.failed first, then payment.captured.
 */
export async function lateAuthorize(ctx: SimContext, paymentId: string, options: PayOptions = {}): Promise<PayResult> {
  const { outcome = 'captured', webhook } = parseBody(payRequestSchema, options);
  if (outcome === 'failed') throw badRequest('A late authorisation ends authorized or captured', 'outcome');
  const send = webhook ?? ctx.knobs.peek().autoWebhook;
  const payment = ctx.store.payments.get(paymentId);
  if (!payment) throw badRequest(`No payment ${paymentId} in this simulator`, 'payment_id', 404);
  if (payment.status !== 'failed') throw badRequest('Only a failed payment can be authorised late', 'payment_id');
  const order = ctx.store.getOrder(payment.order_id);

  applyAuthorization(payment);
  ctx.store.savePayment(payment);
  ctx.store.saveOrder(order);
  const events = [buildEvent(ctx.accountId, 'payment.authorized', { payment: snapshot(payment) })];
  if (outcome === 'captured') {
    applyCapture(payment);
    ctx.stats.data.captures += 1;
    events.push(buildEvent(ctx.accountId, 'payment.captured', { payment: snapshot(payment) }));
    // When another payment already paid the order, only the payment changes: the merchant must refund it.
    if (markOrderPaid(order, payment.amount)) {
      events.push(buildEvent(ctx.accountId, 'order.paid', { payment: snapshot(payment), order: snapshot(order) }));
    }
  }
  const webhooks = await dispatch(ctx, events, send);
  return { ...snapshot(payment), webhooks };
}

const captureSchema = z.strictObject({
  amount: amountSchema(100, 'The amount must be atleast INR 1.00'),
  currency: z.string({ error: 'The currency must be a string.' }).optional(),
});

/** POST /v1/payments/:id/capture. Webhooks follow in the background, as after Razorpay's answer. */
export function capturePayment(ctx: SimContext, paymentId: string, body: unknown): PaymentEntity {
  const payment = ctx.store.getPayment(paymentId);
  const input = parseBody(captureSchema, body);
  if (payment.status === 'captured' || payment.status === 'refunded') {
    throw badRequest('This payment has already been captured', null);
  }
  if (payment.status !== 'authorized') {
    throw badRequest('Only payments which have been authorized and not yet captured can be captured', null);
  }
  if (input.amount !== payment.amount) {
    throw badRequest('Capture amount must be equal to the amount authorized', 'amount');
  }
  if (input.currency !== undefined && input.currency !== payment.currency) {
    throw badRequest('Currency should be same as payment currency', 'currency');
  }
  const order = ctx.store.getOrder(payment.order_id);
  applyCapture(payment);
  ctx.store.savePayment(payment);
  ctx.store.saveOrder(order);
  ctx.stats.data.captures += 1;
  const events = [buildEvent(ctx.accountId, 'payment.captured', { payment: snapshot(payment) })];
  if (markOrderPaid(order, payment.amount)) {
    events.push(buildEvent(ctx.accountId, 'order.paid', { payment: snapshot(payment), order: snapshot(order) }));
  }
  for (const event of events) ctx.webhooks.record(event);
  if (ctx.knobs.peek().autoWebhook) ctx.webhooks.deliverInBackground(events);
  else ctx.webhooks.withhold(events);
  return payment;
}
