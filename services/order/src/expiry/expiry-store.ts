// The expiry sweep's reads and writes on `orders`. A due checkout is claimed with a lease
// (`expiry_next_check_at`, FOR UPDATE SKIP LOCKED): replicas side by side never ask about the same
// order at once, and no row lock is held while the gateway is asked.
import { TOPICS } from '@saga/contracts';
import { type Outbox, type Queryable, newEvent } from '@saga/runtime';
import type { OrderRow } from '../orders/order-view';
import { changeWithSteps } from '../orders/timeline';
import type { Transition } from '../order-state/decide';

export interface DueCheckout extends Pick<OrderRow, 'status' | 'payment_id' | 'amount_paise' | 'currency'> {
  order_id: string;
  provider_order_id: string | null;
  expires_at: Date | string;
  /** Looks at this order so far, this one included. */
  expiry_checks: number;
}

export async function claimDueCheckouts(db: Queryable, limit: number, leaseSeconds: number): Promise<DueCheckout[]> {
  return db.query<DueCheckout>(
    `update orders set expiry_checks = expiry_checks + 1, expiry_next_check_at = now() + make_interval(secs => ?)
      where order_id in (
        select order_id from orders
         where status = 'CHECKOUT' and expires_at <= now() and coalesce(expiry_next_check_at, '-infinity'::timestamptz) <= now()
         order by expires_at limit ? for update skip locked)
      returning order_id, status, payment_id, amount_paise, currency, provider_order_id, expires_at, expiry_checks`,
    [leaseSeconds, limit],
  );
}

/**
 * EXPIRED with its reason and OrderExpired (the catalog gives the stock back), as decide() answered
 * for the order as it was claimed (in CHECKOUT); only from that status. Returns how many expired.
 */
export async function expireCheckouts(outbox: Outbox, orders: Array<{ orderId: string; expiry: Transition }>): Promise<number> {
  if (!orders.length) return 0;
  return outbox.transaction(async (tx, out) => {
    let expired = 0;
    for (const { orderId, expiry } of orders) {
      const reason = expiry.reason!;
      // A confirmation may have taken the order since it was claimed: then it stays where it is.
      const changed = await changeWithSteps(tx, `update orders set status = 'EXPIRED', status_reason = ?, updated_at = now() where order_id = ? and status = ?`, [reason, orderId, expiry.from], expiry.steps);
      if (!changed) continue;
      await out.emit(TOPICS.orderEvents, newEvent('OrderExpired', { orderId, reason, expiredAt: new Date().toISOString() }));
      expired++;
    }
    return expired;
  });
}

/** The next look in `delaySeconds`; the timeline says why on the first one only. */
export async function deferExpiry(db: Queryable, order: DueCheckout, delaySeconds: number, detail: Record<string, unknown>): Promise<void> {
  const change = `update orders set expiry_next_check_at = now() + make_interval(secs => ?), updated_at = now() where order_id = ? and status = 'CHECKOUT'`;
  if (order.expiry_checks === 1) await changeWithSteps(db, change, [delaySeconds, order.order_id], [['EXPIRY_DEFERRED', detail]]);
  else await db.query(change, [delaySeconds, order.order_id]);
}
