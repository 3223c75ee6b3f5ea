// The order service's one subscription to payment-events: one handler per event type it reacts to.
import { TOPICS } from '@saga/contracts';
import type { RuntimePort } from '@saga/runtime';
import { type ConfirmDeps, onPaymentConfirmed } from './on-payment-confirmed';
import { onPaymentFailed } from './on-payment-failed';
import { onPaymentIntentVoided } from './on-payment-intent-voided';
import { onPaymentRefunded } from './on-payment-refunded';

export function subscribePaymentEvents(runtime: RuntimePort, deps: ConfirmDeps): void {
  runtime.on(TOPICS.paymentEvents, {
    PaymentConfirmed: onPaymentConfirmed(deps),
    PaymentFailed: onPaymentFailed(deps.outbox),
    PaymentRefunded: onPaymentRefunded(deps.outbox),
    PaymentIntentVoided: onPaymentIntentVoided(deps.outbox),
  });
}
