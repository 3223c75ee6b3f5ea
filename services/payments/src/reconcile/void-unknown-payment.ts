// An open payment whose Razorpay order Razorpay does not know (UnknownAtGatewayError): a key from
// another account or mode, or a simulator that lost its state. Nothing can ever be paid on it, so
// checking it again is pointless: it becomes VOIDED with its reason, once, and PaymentIntentVoided
// tells the order service, which ends the order if it still waits to be paid and gives its stock back.
// A capture that still came (it cannot, but a webhook is believed over this) confirms it as usual.
import { PaymentIntentVoided, TOPICS } from '@saga/contracts';
import { type Logger, type Outbox, newEvent } from '@saga/runtime';
import { paymentRepository } from '../repositories/payment-repository';
import type { OpenPayment } from './check-open-payment';

export const VOID_REASON = 'the payment gateway has no record of the Razorpay order';

/** True when this call voided it (a second call, or a payment that moved on meanwhile, changes nothing). */
export async function voidUnknownPayment(
  outbox: Outbox,
  logger: Logger,
  row: OpenPayment,
  cause: Error,
): Promise<boolean> {
  const voided = await outbox.transaction(async (tx, out) => {
    if (!(await paymentRepository.voidOpen(tx, row.order_reference, VOID_REASON))) return false;
    const event = newEvent('PaymentIntentVoided', {
      orderReference: row.order_reference,
      paymentProviderOrderId: row.provider_order_id,
      reason: VOID_REASON,
      voidedAt: new Date().toISOString(),
    });
    await out.emit(TOPICS.paymentEvents, PaymentIntentVoided.parse(event));
    return true;
  });
  if (voided) {
    logger.warn(
      {
        orderReference: row.order_reference,
        providerOrderId: row.provider_order_id,
        was: row.status,
        err: cause.message,
      },
      'reconciliation: Razorpay does not know the order; payment VOIDED',
    );
  }
  return voided;
}
