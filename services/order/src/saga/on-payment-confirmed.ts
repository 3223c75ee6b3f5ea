// Steps 12 to 14: PaymentConfirmed turns the order from CHECKOUT into PENDING_VENDOR_ACCEPTANCE
// exactly once and announces OrderPlaced, in one transaction with the inbox record and the outbox.
import { OrderPlaced, PaymentConfirmedPayload, TOPICS } from '@saga/contracts';
import { type DeliveredEvent, type Logger, type Outbox, type Queryable, jsonValue, newEvent } from '@saga/runtime';
import type { Counter } from 'prom-client';
import { recordStep } from '../orders/timeline';

export const PAYMENT_CONFIRMED_CONSUMER = 'order.payment-confirmed';

interface OrderRow {
  order_id: string;
  customer_id: string;
  vendor_id: string;
  status: string;
  amount_paise: string;
  currency: 'INR';
  items: unknown;
}

export function onPaymentConfirmed(outbox: Outbox, logger: Logger, placed: Counter<'outcome'>) {
  return async (event: DeliveredEvent) => {
    const payment = PaymentConfirmedPayload.parse(event.data.payload);
    await outbox.consumeOnce(PAYMENT_CONFIRMED_CONSUMER, event.data.eventId, async (tx, out) => {
      const order = await lockOrder(tx, payment.orderReference);
      if (!order) {
        logger.error({ orderId: payment.orderReference, paymentId: payment.paymentId }, 'payment confirmed for an unknown order');
        placed.inc({ outcome: 'unknown_order' });
        return;
      }
      if (order.status !== 'CHECKOUT') {
        // Already placed (another event for the same payment) or ended: never move it back.
        await recordStep(tx, order.order_id, 'PAYMENT_CONFIRMED', { paymentId: payment.paymentId, ignored: `order is ${order.status}` });
        if (order.status !== 'PENDING_VENDOR_ACCEPTANCE') {
          logger.error({ orderId: order.order_id, status: order.status, paymentId: payment.paymentId }, 'payment captured for an order that can no longer be placed');
          placed.inc({ outcome: 'not_placeable' });
        }
        return;
      }
      if (Number(order.amount_paise) !== payment.amount || order.currency !== payment.currency) {
        logger.error({ orderId: order.order_id, expected: order.amount_paise, paid: payment.amount }, 'confirmed amount differs from the order');
        await recordStep(tx, order.order_id, 'PAYMENT_CONFIRMED', { paymentId: payment.paymentId, ignored: 'amount mismatch' });
        placed.inc({ outcome: 'amount_mismatch' });
        return;
      }
      const placedAt = new Date().toISOString();
      await tx.query(
        `update orders set status = 'PENDING_VENDOR_ACCEPTANCE', status_reason = null, payment_id = ?, updated_at = now() where order_id = ?`,
        [payment.paymentId, order.order_id],
      );
      await recordStep(tx, order.order_id, 'PAYMENT_CONFIRMED', { paymentId: payment.paymentId, method: payment.method });
      await recordStep(tx, order.order_id, 'ORDER_PLACED', {});
      const orderPlaced = newEvent('OrderPlaced', {
        orderId: order.order_id,
        customerId: order.customer_id,
        vendorId: order.vendor_id,
        items: jsonValue(order.items) as OrderPlaced['payload']['items'],
        amount: Number(order.amount_paise),
        currency: order.currency,
        paymentId: payment.paymentId,
        placedAt,
      });
      await out.emit(TOPICS.orderEvents, OrderPlaced.parse(orderPlaced));
      placed.inc({ outcome: 'placed' });
    });
  };
}

async function lockOrder(tx: Queryable, orderId: string): Promise<OrderRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(orderId)) return undefined;
  const [row] = await tx.query<OrderRow>('select * from orders where order_id = ? for update', [orderId]);
  return row;
}
