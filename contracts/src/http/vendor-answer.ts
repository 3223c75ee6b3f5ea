// The vendor's answer to a placed order, and the order lists: a vendor's queue and a customer's
// own orders. Both lists are newest first and paginated with an opaque cursor.
import { z } from 'zod';
import { Order, OrderStatus } from './orders';

export const MAX_REJECT_REASON_LENGTH = 500;
export const MAX_ORDER_PAGE_SIZE = 100;
export const DEFAULT_ORDER_PAGE_SIZE = 20;

/** POST /api/v1/orders/{orderId}/accept: no fields are needed; an empty body or none at all. */
export const AcceptOrderRequest = z.object({}).loose().describe('No fields; the body may be omitted');
export type AcceptOrderRequest = z.infer<typeof AcceptOrderRequest>;

/** POST /api/v1/orders/{orderId}/reject */
export const RejectOrderRequest = z
  .object({
    reason: z
      .string({ error: 'required: why the order is refused (shown to the customer)' })
      .trim()
      .min(1, 'must not be blank')
      .max(MAX_REJECT_REASON_LENGTH, `at most ${MAX_REJECT_REASON_LENGTH} characters`),
  })
  .describe("Why the vendor refuses the order; the customer sees it as the order's statusReason");
export type RejectOrderRequest = z.infer<typeof RejectOrderRequest>;

/** Query of GET /api/v1/orders and GET /api/v1/vendor/orders. */
export const OrderListQuery = z.object({
  status: OrderStatus.optional().describe('Only orders in this status'),
  limit: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_ORDER_PAGE_SIZE, `must be at most ${MAX_ORDER_PAGE_SIZE}`)
    .default(DEFAULT_ORDER_PAGE_SIZE),
  cursor: z.string().min(1).max(200).optional().describe('The `next` of the previous page'),
});
export type OrderListQuery = z.infer<typeof OrderListQuery>;

export const OrderList = z
  .object({
    orders: z.array(Order).describe('Newest first'),
    next: z.string().optional().describe('Pass as `cursor` for the next page; absent on the last page'),
  })
  .describe('A page of orders, newest first');
export type OrderList = z.infer<typeof OrderList>;
