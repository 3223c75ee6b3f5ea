import { TOPICS } from '@saga/contracts';
import type { HandlerResult, RuntimePort } from '@saga/runtime';
import { type ConfirmDeps, onPaymentConfirmed } from './on-payment-confirmed';
import { onPaymentRefunded } from './on-payment-refunded';
import { onPaymentFailed } from './on-payment-failed';
import { onPaymentIntentVoided } from './on-payment-intent-voided';

/** The order service's one subscription to payment-events, dispatched by event type. */
export function subscribePaymentEvents(runtime: RuntimePort, deps: ConfirmDeps): void {
  const handlers: Record<string, (e: Parameters<ReturnType<typeof onPaymentFailed>>[0]) => Promise<void>> = {
    PaymentConfirmed: onPaymentConfirmed(deps),
    PaymentFailed: onPaymentFailed(deps.outbox),
    PaymentRefunded: onPaymentRefunded(deps.outbox),
    PaymentIntentVoided: onPaymentIntentVoided(deps.outbox),
  };
  runtime.subscribe({
    topic: TOPICS.paymentEvents,
    handler: async (event): Promise<HandlerResult> => {
      const handle = handlers[event.data.eventType];
      if (!handle) return 'SUCCESS'; // newer event types are not ours to handle (forward compatibility)
      await handle(event);
      return 'SUCCESS';
    },
  });
}
