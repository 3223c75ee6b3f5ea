// What operators watch for webhooks: arrivals by outcome, acknowledgement and processing latency,
// confirmations, and the events held for review (mismatched amounts, double captures).
import { LATENCY_BUCKETS } from '@saga/runtime';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Database } from '@saga/runtime';
import { webhookEventRepository } from '../repositories/webhook-event-repository';

export type ReceiveOutcome = 'accepted' | 'duplicate' | 'invalid_signature' | 'malformed';

/** Event names become label values only when we know them, so a sender cannot grow the series. */
const KNOWN_EVENTS = new Set([
  'payment.authorized',
  'payment.captured',
  'payment.failed',
  'order.paid',
  'refund.processed',
]);
export const eventLabel = (eventType: string | undefined) =>
  eventType && KNOWN_EVENTS.has(eventType) ? eventType : 'other';

export function createWebhookMetrics(registry: Registry, db: Database) {
  new Gauge({
    name: 'payments_webhook_backlog',
    help: 'Webhook events acknowledged and not yet processed',
    registers: [registry],
    async collect() {
      this.set(await webhookEventRepository.countBacklog(db).catch(() => NaN));
    },
  });
  return {
    received: new Counter({
      name: 'payments_webhooks_received_total',
      help: 'Razorpay webhook requests by event and outcome (accepted, duplicate, invalid_signature, malformed)',
      labelNames: ['event', 'outcome'] as const,
      registers: [registry],
    }),
    ackSeconds: new Histogram({
      name: 'payments_webhook_ack_seconds',
      help: 'From webhook request to its acknowledgement',
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    processingSeconds: new Histogram({
      name: 'payments_webhook_processing_seconds',
      help: 'Processing of one stored webhook event, by event and resulting status',
      labelNames: ['event', 'outcome'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    confirmed: new Counter({
      name: 'payments_confirmed_total',
      help: 'Payments confirmed (PaymentConfirmed emitted)',
      registers: [registry],
    }),
    amountMismatch: new Counter({
      name: 'payments_amount_mismatch_total',
      help: 'Webhooks whose Razorpay order, amount or currency differ from the payment record (flagged, nothing confirmed)',
      registers: [registry],
    }),
    duplicateCapture: new Counter({
      name: 'payments_duplicate_capture_total',
      help: 'Captured payments for an order already paid by another payment (flagged: refund needed)',
      registers: [registry],
    }),
  };
}

export type WebhookMetrics = ReturnType<typeof createWebhookMetrics>;
