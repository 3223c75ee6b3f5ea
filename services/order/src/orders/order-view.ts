import type { Order } from '@saga/contracts';
import { AppError, type Database, type Principal, isoTime, jsonValue } from '@saga/runtime';

interface OrderRow {
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
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The order as its owner or its vendor may see it; anyone else gets the same 404 as a missing order. */
export async function readOrderFor(db: Database, orderId: string, principal: Principal): Promise<Order> {
  const [row] = UUID.test(orderId) ? await db.query<OrderRow>('select * from orders where order_id = ?', [orderId]) : [];
  const allowed =
    row && (principal.role === 'admin' || (principal.role === 'customer' && row.customer_id === principal.sub) || (principal.role === 'vendor' && row.vendor_id === principal.vendorId));
  if (!row || !allowed) throw new AppError('NOT_FOUND', `order ${orderId} not found`);
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
  };
}
