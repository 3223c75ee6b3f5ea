import type { Order } from '@saga/contracts';
import { AppError, type Database, type Principal, isoTime } from '@saga/runtime';
import { readOrder } from '../repositories/order-repository';
import type { OrderRow } from '../repositories/order-rows';

export interface OrderViewOptions {
  /** VENDOR_ACCEPTANCE_TIMEOUT_SECONDS: an order waiting for its vendor shows when the answer is due. */
  vendorAnswerTimeoutSeconds?: number;
}

/** Whether the principal may see this order: its customer, its vendor, or an admin. */
export function canRead(row: Pick<OrderRow, 'customer_id' | 'vendor_id'>, principal: Principal): boolean {
  return (
    principal.role === 'admin' ||
    (principal.role === 'customer' && row.customer_id === principal.sub) ||
    (principal.role === 'vendor' && row.vendor_id === principal.vendorId)
  );
}

/** The order as its owner or its vendor may see it; anyone else gets the same 404 as a missing order. */
export async function readOrderFor(
  db: Database,
  orderId: string,
  principal: Principal,
  options: OrderViewOptions = {},
): Promise<Order> {
  return visibleOrder(await readOrder(db, orderId), orderId, principal, options);
}

/** The order read, as `principal` may see it (a 404 if it may not). */
export function visibleOrder(
  row: OrderRow | undefined,
  orderId: string,
  principal: Principal,
  options: OrderViewOptions = {},
): Order {
  if (!row || !canRead(row, principal)) throw new AppError('NOT_FOUND', `order ${orderId} not found`);
  return toOrder(row, options);
}

export function toOrder(row: OrderRow, options: OrderViewOptions = {}): Order {
  const placedAt = row.placed_at ? isoTime(row.placed_at) : null;
  const timeout = options.vendorAnswerTimeoutSeconds;
  const due =
    row.status === 'PENDING_VENDOR_ACCEPTANCE' && placedAt && timeout
      ? new Date(Date.parse(placedAt) + timeout * 1000).toISOString()
      : null;
  return {
    orderId: row.order_id,
    customerId: row.customer_id,
    vendorId: row.vendor_id,
    status: row.status,
    statusReason: row.status_reason,
    items: row.items,
    amount: Number(row.amount_paise),
    currency: row.currency,
    paymentProviderOrderId: row.provider_order_id,
    paymentId: row.payment_id,
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
    expiresAt: isoTime(row.expires_at),
    placedAt,
    answeredAt: row.answered_at ? isoTime(row.answered_at) : null,
    vendorAnswerDueAt: due,
  };
}
