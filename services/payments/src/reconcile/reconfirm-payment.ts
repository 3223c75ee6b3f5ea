// A captured payment the order service has not settled (no OrderPlaced, OrderCancelled or
// RefundRequested for it) some time after the capture: its PaymentConfirmed was lost, dead-lettered
// or is stuck. PaymentConfirmed is published again, as a new message (new eventId, same payload);
// the order service handles a repeat by the order's state (places it once, or refunds).
import { TOPICS } from '@saga/contracts';
import { type Logger, type Outbox, isoTime } from '@saga/runtime';
import { paymentConfirmedEvent } from '../payments/payment-confirmed';
import { paymentReconcileRepository, type ReconcileRow } from '../repositories/payment-reconcile-repository';

/** After this many repeats a person should look (the order service may not know the order). */
const ESCALATE_AFTER = 3;

export async function reconfirmPayment(outbox: Outbox, logger: Logger, row: ReconcileRow): Promise<boolean> {
  const eventId = await outbox.transaction(async (tx, out) => {
    // Still captured and unsettled now that the row is locked: an OrderPlaced may just have landed.
    const current = await paymentReconcileRepository.lockUnsettledCapture(tx, row.order_reference);
    if (!current?.payment_id) return undefined;
    const event = paymentConfirmedEvent({
      orderReference: current.order_reference,
      providerOrderId: current.provider_order_id,
      paymentId: current.payment_id,
      amount: Number(current.amount_paise),
      method: current.method,
      capturedAt: new Date(isoTime(current.captured_at ?? new Date())),
    });
    await out.emit(TOPICS.paymentEvents, event);
    return event.eventId;
  });
  if (!eventId) return false;
  const log = { orderReference: row.order_reference, paymentId: row.payment_id, eventId, repeat: row.reconcile_checks };
  if (row.reconcile_checks > ESCALATE_AFTER)
    logger.error(
      log,
      'payment captured and still not settled by the order service after repeated confirmations: PaymentConfirmed sent again',
    );
  else logger.info(log, 'payment captured but not settled by the order service: PaymentConfirmed sent again');
  return true;
}
