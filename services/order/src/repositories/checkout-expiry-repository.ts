// The expiry sweep's reads and writes on `orders`. A due checkout is claimed with a lease
// (`expiry_next_check_at`, FOR UPDATE SKIP LOCKED): replicas side by side never ask about the same
// order at once, and no row lock is held while the gateway is asked.
import type { OrderStatus } from '@saga/contracts';
import type { Queryable } from '@saga/runtime';
import { DUE_CHECKOUT_COLUMNS, type DueCheckout, toDueCheckout } from './order-rows';
import { type Step, changeWithSteps } from './order-timeline';

/** Up to `limit` checkouts past their expiry and not leased, oldest expiry first, leased for `leaseSeconds`. */
export async function claimDueCheckouts(q: Queryable, limit: number, leaseSeconds: number): Promise<DueCheckout[]> {
  const rows = await q.query(
    `update orders set expiry_checks = expiry_checks + 1, expiry_next_check_at = now() + make_interval(secs => $1)
      where order_id in (
        select order_id from orders
         where status = 'CHECKOUT' and expires_at <= now() and coalesce(expiry_next_check_at, '-infinity'::timestamptz) <= now()
         order by expires_at limit $2 for update skip locked)
      returning ${DUE_CHECKOUT_COLUMNS}`,
    [leaseSeconds, limit],
  );
  return rows.map(toDueCheckout);
}

/** EXPIRED with the reason and its timeline rows, only from `from` (a confirmation may have taken the order since). */
export function expireCheckout(
  tx: Queryable,
  orderId: string,
  from: OrderStatus,
  reason: string,
  steps: Step[],
): Promise<boolean> {
  return changeWithSteps(
    tx,
    `update orders set status = 'EXPIRED', status_reason = $1, updated_at = now() where order_id = $2 and status = $3`,
    [reason, orderId, from],
    steps,
  );
}

/** The next look at a checkout still in CHECKOUT in `delaySeconds`, with the timeline rows given (if any). */
export async function deferExpiry(q: Queryable, orderId: string, delaySeconds: number, steps: Step[]): Promise<void> {
  const change = `update orders set expiry_next_check_at = now() + make_interval(secs => $1), updated_at = now() where order_id = $2 and status = 'CHECKOUT'`;
  if (steps.length) await changeWithSteps(q, change, [delaySeconds, orderId], steps);
  else await q.query(change, [delaySeconds, orderId]);
}
