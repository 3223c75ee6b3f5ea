import { z } from 'zod';
import type { SimContext } from '../context';
import { badRequest } from '../errors';
import { razorpayId, unixNow } from '../ids';
import type { OrderEntity } from '../types';
import { amountSchema, currencySchema, notesSchema, parseBody, receiptSchema } from '../validation';

const createOrderSchema = z.strictObject({
  amount: amountSchema(100, 'The amount must be atleast INR 1.00'),
  currency: currencySchema,
  receipt: receiptSchema.optional(),
  notes: notesSchema,
  // Accepted because integrations commonly send them; the simulator has a single behaviour for each.
  partial_payment: z.boolean({ error: 'The partial payment field must be a boolean.' }).optional(),
  payment_capture: z.union([z.boolean(), z.literal(0), z.literal(1), z.literal('0'), z.literal('1')]).optional(),
});

export function createOrder(ctx: SimContext, body: unknown): OrderEntity {
  const input = parseBody(createOrderSchema, body);
  if (input.partial_payment === true) {
    throw badRequest('Partial payments are not supported by the Razorpay simulator', 'partial_payment');
  }
  const order: OrderEntity = {
    id: razorpayId('order'),
    entity: 'order',
    amount: input.amount,
    amount_paid: 0,
    amount_due: input.amount,
    currency: input.currency,
    receipt: input.receipt ?? null,
    offer_id: null,
    status: 'created',
    attempts: 0,
    notes: input.notes ?? [],
    created_at: unixNow(),
  };
  ctx.store.addOrder(order);
  ctx.stats.data.ordersCreated += 1;
  ctx.logger.debug({ orderId: order.id, amount: order.amount, receipt: order.receipt }, 'razorpay-sim: order created');
  return order;
}

const listOrdersQuery = z.object({
  count: z.coerce.number().int().min(1).max(100).optional(),
  skip: z.coerce.number().int().min(0).optional(),
  receipt: z.string().optional(),
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
});

/** Newest first, like Razorpay; `receipt` is what a caller uses to find an order it lost track of. */
export function listOrders(ctx: SimContext, query: unknown): OrderEntity[] {
  const q = parseBody(listOrdersQuery, query);
  const all = [...ctx.store.orders.values()].reverse();
  const filtered = all.filter(
    (o) =>
      (q.receipt === undefined || o.receipt === q.receipt) &&
      (q.from === undefined || o.created_at >= q.from) &&
      (q.to === undefined || o.created_at <= q.to),
  );
  const skip = q.skip ?? 0;
  return filtered.slice(skip, skip + (q.count ?? 10));
}

/** The order's side of a captured payment. Returns whether it changed (then order.paid is due). */
export function markOrderPaid(order: OrderEntity, amount: number): boolean {
  if (order.status === 'paid') return false;
  order.status = 'paid';
  order.amount_paid = amount;
  order.amount_due = Math.max(0, order.amount - amount);
  return true;
}
