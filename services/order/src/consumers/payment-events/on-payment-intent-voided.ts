// Razorpay does not know the order's Razorpay order (payments' reconciliation says so once): the
// customer can never pay it. An order still waiting to be paid ends in PAYMENT_FAILED with the
// reason, and OrderCancelled gives its stock back; an order already past that only notes it.
// Once per event (inbox).
import { TOPICS } from '@saga/contracts';
import { type Outbox, type TypedEvent, newEvent, oncePerEvent } from '@saga/runtime';
import { changeWithSteps } from '../../orders/timeline';

const CONSUMER = 'order.payment-intent-voided';

export function onPaymentIntentVoided(outbox: Outbox) {
  const consume = oncePerEvent(outbox, CONSUMER, async (event: TypedEvent<'payment-events', 'PaymentIntentVoided'>, tx, out) => {
    const voided = event.data.payload;
    const orderId = voided.orderReference;
    const detail = { reason: voided.reason, paymentProviderOrderId: voided.paymentProviderOrderId };
    const reason = `payment failed: ${voided.reason}`;
    const ended = await changeWithSteps(
      tx,
      `update orders set status = 'PAYMENT_FAILED', status_reason = ?, updated_at = now() where order_id = ? and status = 'CHECKOUT'`,
      [reason, orderId],
      [['PAYMENT_INTENT_VOIDED', detail]],
    );
    if (ended) {
      await out.emit(TOPICS.orderEvents, newEvent('OrderCancelled', { orderId, reason, cancelledAt: new Date().toISOString() }));
      return;
    }
    // Already expired, cancelled or placed: the timeline notes it, the state stays.
    await changeWithSteps(tx, `update orders set updated_at = updated_at where order_id = ?`, [orderId], [['PAYMENT_INTENT_VOIDED', detail]]);
  });
  return async (event: TypedEvent<'payment-events', 'PaymentIntentVoided'>) => {
    if (!/^[0-9a-f-]{36}$/i.test(event.data.payload.orderReference)) return; // not one of our order ids
    await consume(event);
  };
}
