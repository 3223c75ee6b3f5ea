import { z } from 'zod';
import { IsoTime } from '../common';
import { OrderStatus } from './orders';

/** Steps the saga records today. The list grows with the saga, so `step` is an open string. */
export const KNOWN_TIMELINE_STEPS = [
  'CHECKOUT_STARTED',
  'STOCK_HELD',
  'PAYMENT_INTENT_CREATED',
  'PAYMENT_INTENT_FAILED',
  'PAYMENT_INTENT_VOIDED',
  'HOLD_RELEASED',
  'PAYMENT_CONFIRMED',
  'PAYMENT_ATTEMPT_FAILED',
  'ORDER_PLACED',
  'EXPIRY_DEFERRED',
  'EXPIRED',
  'CANCELLED',
  'ACCEPTED',
  'REJECTED',
  'REFUND_REQUESTED',
  'REFUNDED',
] as const;
/** A step the saga records: the order service writes only these (its timeline code is typed with it). */
export type TimelineStep = (typeof KNOWN_TIMELINE_STEPS)[number];

export const TimelineEntry = z
  .object({
    at: IsoTime,
    step: z
      .string()
      .min(1)
      .meta({
        description: 'What happened; known steps are listed in examples, more may appear',
        examples: [...KNOWN_TIMELINE_STEPS],
      }),
  })
  .loose()
  .describe('One saga step; step-specific details (reason, paymentId, ...) ride along as extra fields');
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** GET /api/v1/orders/{orderId}/timeline */
export const OrderTimeline = z.object({
  orderId: z.string(),
  status: OrderStatus,
  entries: z.array(TimelineEntry).describe('Oldest first'),
});
export type OrderTimeline = z.infer<typeof OrderTimeline>;
