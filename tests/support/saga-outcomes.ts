// Where a paid saga ended, read from the services' tables and from Razorpay (the simulator): what
// the fault tests assert once the system has had time to converge.
import type { Sql } from './catalog-fixtures';
import type { PaidSaga } from './paying-customers';

const SIM_AUTH = `Basic ${Buffer.from('rzp_test_devkey000000:dev_key_secret_change_me').toString('base64')}`;

export interface SagaOutcome {
  orderId: string;
  status: string | undefined;
  /** The order is placed with this very payment. */
  placed: boolean;
  /** Razorpay refunded this payment in full. */
  refunded: boolean;
  /** The vendor's new_order notifications for the order. */
  notifications: number;
  /** The catalog's hold for the order, sold. */
  sold: boolean;
}

export async function sagaOutcome(sql: Sql, simUrl: string, saga: PaidSaga): Promise<SagaOutcome> {
  const [order] = await sql<{ status: string; payment_id: string | null }>(
    'select status, payment_id from orders.orders where order_id = $1',
    [saga.orderId],
  );
  const [{ n: notifications }] = (await sql<{ n: number }>(
    `select count(*)::int as n from notifications.notifications where event = 'new_order' and data ->> 'orderId' = $1`,
    [saga.orderId],
  )) as [{ n: number }];
  const [hold] = await sql<{ status: string }>('select status from catalog.holds where order_reference = $1', [
    saga.orderId,
  ]);
  const payment = (await (
    await fetch(`${simUrl}/v1/payments/${saga.paymentId}`, { headers: { authorization: SIM_AUTH } })
  ).json()) as { amount: number; amount_refunded: number };
  return {
    orderId: saga.orderId,
    status: order?.status,
    placed: order?.status === 'PENDING_VENDOR_ACCEPTANCE' && order.payment_id === saga.paymentId,
    refunded: payment.amount_refunded === payment.amount,
    notifications,
    sold: hold?.status === 'SOLD',
  };
}

/** A captured payment ended well: placed, sold and notified once, or refunded and neither sold nor notified. */
export const settledOnce = (o: SagaOutcome): boolean =>
  (o.placed && !o.refunded && o.sold && o.notifications === 1) ||
  (o.refunded && !o.placed && !o.sold && o.notifications === 0);

/**
 * A product's stock adds up: what was sold left the shelf, and what is reserved is exactly what
 * the open holds hold.
 */
export async function stockLedger(
  sql: Sql,
  productId: string,
): Promise<{ stock: number; reserved: number; sold: number; held: number }> {
  const [row] = (await sql<{ stock: number; reserved: number; sold: number; held: number }>(
    `select p.stock, p.reserved,
            coalesce(sum(hi.quantity) filter (where h.status = 'SOLD'), 0)::int as sold,
            coalesce(sum(hi.quantity) filter (where h.status = 'HELD'), 0)::int as held
       from catalog.products p
       left join catalog.hold_items hi on hi.product_id = p.product_id
       left join catalog.holds h on h.order_reference = hi.order_reference
      where p.product_id = $1
      group by p.stock, p.reserved`,
    [productId],
  )) as [{ stock: number; reserved: number; sold: number; held: number }];
  return row;
}
