import type { Order } from '@saga/contracts';
import { AppError, type Principal, type Queryable, isoTime, jsonValue } from '@saga/runtime';

export interface OrderRow {
  order_id: string;
  customer_id: string;
  vendor_id: string;
  status: Order['status'];
  status_reason: string | null;
  items: Order['items'];
  amount_paise: string;
  currency: 'INR';
  provider_order_id: string | null;
  payment_id: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  expires_at: Date | string;
  placed_at: Date | string | null;
  answered_at: Date | string | null;
}

// Named columns, not `*`: the statement can then be prepared (see the runtime's database.ts).
export const ORDER_COLUMNS =
  'order_id, customer_id, vendor_id, status, status_reason, items, amount_paise, currency, provider_order_id, payment_id, created_at, updated_at, expires_at, placed_at, answered_at';

export interface OrderViewOptions {
  /** VENDOR_ACCEPTANCE_TIMEOUT_SECONDS: an order waiting for its vendor shows when the answer is due. */
  vendorAnswerTimeoutSeconds?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isOrderId = (id: string) => UUID.test(id);

/** Whether the principal may see this order: its customer, its vendor, or an admin. */
export function canRead(row: Pick<OrderRow, 'customer_id' | 'vendor_id'>, principal: Principal): boolean {
  return principal.role === 'admin' || (principal.role === 'customer' && row.customer_id === principal.sub) || (principal.role === 'vendor' && row.vendor_id === principal.vendorId);
}

/** The order as its owner or its vendor may see it; anyone else gets the same 404 as a missing order. */
export async function readOrderFor(db: Queryable, orderId: string, principal: Principal, options: OrderViewOptions = {}): Promise<Order> {
  const [row] = isOrderId(orderId) ? await db.query<OrderRow>(`select ${ORDER_COLUMNS} from orders where order_id = ?`, [orderId]) : [];
  if (!row || !canRead(row, principal)) throw new AppError('NOT_FOUND', `order ${orderId} not found`);
  return toOrder(row, options);
}

export function toOrder(row: OrderRow, options: OrderViewOptions = {}): Order {
  const placedAt = row.placed_at ? isoTime(row.placed_at) : null;
  const timeout = options.vendorAnswerTimeoutSeconds;
  const due = row.status === 'PENDING_VENDOR_ACCEPTANCE' && placedAt && timeout ? new Date(Date.parse(placedAt) + timeout * 1000).toISOString() : null;
  return {
    orderId: row.order_id,
    customerId: row.customer_id,
    vendorId: row.vendor_id,
    status: row.status,
    statusReason: row.status_reason,
    items: jsonValue(row.items),
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
