import { TOPICS } from '@saga/contracts';
import type { HandlerResult, Logger, Outbox, RuntimePort } from '@saga/runtime';
import type { Counter } from 'prom-client';
import { onPaymentConfirmed } from './on-payment-confirmed';
import { onPaymentFailed } from './on-payment-failed';

/** The order service's one subscription to payment-events, dispatched by event type. */
export function subscribePaymentEvents(runtime: RuntimePort, outbox: Outbox, logger: Logger, placed: Counter<'outcome'>): void {
  const handlers: Record<string, (e: Parameters<ReturnType<typeof onPaymentFailed>>[0]) => Promise<void>> = {
    PaymentConfirmed: onPaymentConfirmed(outbox, logger, placed),
    PaymentFailed: onPaymentFailed(outbox),
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
