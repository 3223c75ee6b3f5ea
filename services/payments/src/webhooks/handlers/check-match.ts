// A webhook confirms or captures only the payment it describes: same Razorpay order, amount and
// currency as our record. Anything else is held for a person to review, never acted on.
import type { PaymentRecord } from '../../repositories/payment-repository';
import type { PaymentWebhook } from '../razorpay-event';
import { flagged, type HandlerDeps, type HandlerInput, type Outcome } from './outcome';

export function mismatchOf(event: PaymentWebhook, record: PaymentRecord): string | undefined {
  const payment = event.payload.payment.entity;
  const order = event.payload.order?.entity;
  if (payment.order_id !== record.provider_order_id)
    return `payment is for Razorpay order ${payment.order_id}, the record for ${record.provider_order_id}`;
  if (order && order.id !== record.provider_order_id)
    return `order entity ${order.id} is not ${record.provider_order_id}`;
  if (payment.amount !== Number(record.amount_paise))
    return `amount ${payment.amount} differs from the expected ${record.amount_paise}`;
  if (payment.currency !== record.currency)
    return `currency ${payment.currency} differs from the expected ${record.currency}`;
  return undefined;
}

export function flagMismatch({ eventId, event, payment }: HandlerInput, deps: HandlerDeps, reason: string): Outcome {
  deps.metrics.amountMismatch.inc();
  deps.logger.error(
    {
      eventId,
      event: event.event,
      orderReference: payment.order_reference,
      providerOrderId: payment.provider_order_id,
      paymentId: event.payload.payment.entity.id,
      reason,
    },
    'Razorpay webhook does not match the payment record: nothing confirmed, event flagged for review',
  );
  return flagged(`mismatch: ${reason}`);
}
