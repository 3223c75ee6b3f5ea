// Expires checkouts that were not paid in CHECKOUT_EXPIRY_SECONDS: EXPIRED with its reason, and
// OrderExpired so the catalog gives the stock back. SKIP LOCKED lets replicas sweep side by side.
// A payment that lands later finds the order EXPIRED and is refunded (see on-payment-confirmed).
import { TOPICS } from '@saga/contracts';
import { type Logger, type Outbox, intervalWorker, newEvent } from '@saga/runtime';
import { recordStep } from '../orders/timeline';

const REASON = 'checkout expired before payment';

export function checkoutExpiryWorker(outbox: Outbox, logger: Logger, intervalMs: number) {
  const sweep = () =>
    outbox.transaction(async (tx, out) => {
      const due = await tx.query<{ order_id: string }>(
        `select order_id from orders where status = 'CHECKOUT' and expires_at <= now() order by expires_at limit 200 for update skip locked`,
      );
      for (const { order_id } of due) {
        await tx.query(`update orders set status = 'EXPIRED', status_reason = ?, updated_at = now() where order_id = ?`, [REASON, order_id]);
        await recordStep(tx, order_id, 'EXPIRED', { reason: REASON });
        await out.emit(TOPICS.orderEvents, newEvent('OrderExpired', { orderId: order_id, reason: REASON, expiredAt: new Date().toISOString() }));
      }
      return due.length;
    });
  return { ...intervalWorker('checkout-expiry', intervalMs, logger, sweep, (n) => (n ? `expired ${n} unpaid checkouts` : undefined)), sweep };
}
