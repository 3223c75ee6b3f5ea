// Razorpay does not know the order's Razorpay order (payments' reconciliation says so once): the
// customer can never pay it. An order still waiting to be paid ends in PAYMENT_FAILED with the
// reason, and OrderCancelled gives its stock back; an order already past that only notes it.
// Once per event (inbox); which of the two is decide()'s answer (order-state/decide.ts).
import { TOPICS } from '@saga/contracts';
import { type Outbox, type TypedEvent, newEvent, oncePerEvent } from '@saga/runtime';
import { decide } from '../../order-state/decide';
import { changeStatus, findByReference, noteOnTimeline } from '../../repositories/order-repository';

const CONSUMER = 'order.payment-intent-voided';

export function onPaymentIntentVoided(outbox: Outbox) {
  const consume = oncePerEvent(
    outbox,
    CONSUMER,
    async (event: TypedEvent<'payment-events', 'PaymentIntentVoided'>, tx, out) => {
      const voided = event.data.payload;
      const orderId = voided.orderReference;
      const order = await findByReference(tx, orderId, { lock: true });
      if (!order) return; // not (or no longer) one of our orders: nothing to note
      const decision = decide(order, {
        type: 'PaymentIntentVoided',
        reason: voided.reason,
        paymentProviderOrderId: voided.paymentProviderOrderId,
      });
      if (decision.kind === 'refusal') return;
      if (decision.to !== decision.from) {
        const reason = decision.reason!;
        await changeStatus(tx, orderId, { from: decision.from, to: decision.to, reason }, decision.steps);
        await out.emit(
          TOPICS.orderEvents,
          newEvent('OrderCancelled', { orderId, reason, cancelledAt: new Date().toISOString() }),
        );
        return;
      }
      // Already expired, cancelled or placed: the timeline notes it, the state stays.
      await noteOnTimeline(tx, orderId, decision.steps);
    },
  );
  return async (event: TypedEvent<'payment-events', 'PaymentIntentVoided'>) => {
    if (!/^[0-9a-f-]{36}$/i.test(event.data.payload.orderReference)) return; // not one of our order ids
    await consume(event);
  };
}
