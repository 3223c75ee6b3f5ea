// The expiry of checkouts the sweep decided to expire: EXPIRED with its reason and OrderExpired (the
// catalog gives the stock back), in one transaction with the outbox.
import { TOPICS } from '@saga/contracts';
import { type Outbox, newEvent } from '@saga/runtime';
import type { Transition } from '../order-state/decide';
import { expireCheckout } from '../repositories/checkout-expiry-repository';

/**
 * Each order as decide() answered for it as it was claimed (in CHECKOUT); only from that status.
 * Returns how many expired.
 */
export async function expireCheckouts(
  outbox: Outbox,
  orders: Array<{ orderId: string; expiry: Transition }>,
): Promise<number> {
  if (!orders.length) return 0;
  return outbox.transaction(async (tx, out) => {
    let expired = 0;
    for (const { orderId, expiry } of orders) {
      const reason = expiry.reason!;
      // A confirmation may have taken the order since it was claimed: then it stays where it is.
      const changed = await expireCheckout(tx, orderId, expiry.from, reason, expiry.steps);
      if (!changed) continue;
      await out.emit(
        TOPICS.orderEvents,
        newEvent('OrderExpired', { orderId, reason, expiredAt: new Date().toISOString() }),
      );
      expired++;
    }
    return expired;
  });
}
