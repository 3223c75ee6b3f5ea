// OrderPlaced turns the order's hold into a sale: the held units leave both `reserved` and
// `stock`. Once per event (inbox). A hold that already expired is sold from free stock when there
// is enough; otherwise the shortfall is logged and counted for compensation (never oversold).
import { OrderPlacedPayload, TOPICS } from '@saga/contracts';
import type { HandlerResult, Logger, Outbox, Queryable, RuntimePort } from '@saga/runtime';
import type { Counter } from 'prom-client';

export const ORDER_PLACED_CONSUMER = 'catalog.order-placed';

async function sellHeld(tx: Queryable, orderId: string): Promise<boolean> {
  const sold = await tx.query(`update holds set status = 'SOLD', updated_at = now() where order_reference = ? and status = 'HELD' returning order_reference`, [orderId]);
  if (!sold.length) return false;
  await tx.query(
    `update products p set stock = p.stock - hi.quantity, reserved = p.reserved - hi.quantity, updated_at = now()
       from hold_items hi where hi.order_reference = ? and hi.product_id = p.product_id`,
    [orderId],
  );
  return true;
}

/** For a hold that lapsed before the payment landed: take the units from what is still free. */
async function sellFromFreeStock(tx: Queryable, orderId: string): Promise<boolean> {
  const items = await tx.query<{ product_id: string; quantity: number }>('select product_id, quantity from hold_items where order_reference = ? order by product_id', [orderId]);
  for (const item of items) {
    const taken = await tx.query(
      'update products set stock = stock - ?, updated_at = now() where product_id = ? and stock - reserved >= ? returning product_id',
      [item.quantity, item.product_id, item.quantity],
    );
    if (!taken.length) throw new ShortfallError(orderId, item.product_id);
  }
  await tx.query(`update holds set status = 'SOLD', updated_at = now() where order_reference = ?`, [orderId]);
  return items.length > 0;
}

class ShortfallError extends Error {
  constructor(readonly orderId: string, readonly productId: string) {
    super(`not enough free stock of ${productId} for late order ${orderId}`);
  }
}

export function subscribeOrderPlaced(runtime: RuntimePort, outbox: Outbox, logger: Logger, sales: Counter<'outcome'>): void {
  runtime.subscribe({
    topic: TOPICS.orderEvents,
    handler: async (event): Promise<HandlerResult> => {
      if (event.data.eventType !== 'OrderPlaced') return 'SUCCESS';
      const { orderId } = OrderPlacedPayload.parse(event.data.payload);
      try {
        await outbox.consumeOnce(ORDER_PLACED_CONSUMER, event.data.eventId, async (tx) => {
          if (await sellHeld(tx, orderId)) return void sales.inc({ outcome: 'sold' });
          const [hold] = await tx.query<{ status: string }>('select status from holds where order_reference = ? for update', [orderId]);
          if (hold?.status === 'SOLD') return void sales.inc({ outcome: 'already_sold' });
          if (hold && (await sellFromFreeStock(tx, orderId))) return void sales.inc({ outcome: 'sold_after_expiry' });
          logger.error({ orderId, hold: hold?.status ?? 'none' }, 'order placed without a hold to sell');
          sales.inc({ outcome: 'no_hold' });
        });
      } catch (err) {
        if (!(err instanceof ShortfallError)) throw err;
        // Retrying cannot create stock: record it for compensation (refund) instead of looping.
        logger.error({ orderId, productId: err.productId }, 'stock shortfall for a placed order');
        sales.inc({ outcome: 'shortfall' });
      }
      return 'SUCCESS';
    },
  });
}
