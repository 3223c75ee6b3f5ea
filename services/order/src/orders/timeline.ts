import type { Queryable } from '@saga/runtime';

export type TimelineStep =
  | 'CHECKOUT_STARTED'
  | 'STOCK_HELD'
  | 'PAYMENT_INTENT_CREATED'
  | 'PAYMENT_INTENT_FAILED'
  | 'HOLD_RELEASED'
  | 'PAYMENT_CONFIRMED'
  | 'PAYMENT_ATTEMPT_FAILED'
  | 'ORDER_PLACED'
  | 'EXPIRED'
  | 'CANCELLED'
  | 'REFUND_REQUESTED'
  | 'REFUNDED';

export async function recordStep(q: Queryable, orderId: string, step: TimelineStep, detail?: Record<string, unknown>): Promise<void> {
  await q.send('insert into order_timeline (order_id, step, detail) values (?, ?, ?)', [orderId, step, detail ? JSON.stringify(detail) : null]);
}
