// Processing of one stored webhook event: one transaction in which the event row and the payment
// record are locked, the handler for its type changes state and emits events (outbox), and the
// event gets its final status. Runs right after the acknowledgement and, for events left behind
// (crash, failure), from the reprocess worker; running it twice, or on two replicas, is harmless.
import type { Database, Emitter, Outbox, Queryable } from '@saga/runtime';
import type { RazorpayGateway } from '../razorpay/razorpay-gateway';
import { paymentRepository, type PaymentRecord } from '../repositories/payment-repository';
import { type StoredWebhook, webhookEventRepository } from '../repositories/webhook-event-repository';
import { captureAuthorized } from './capture-authorized';
import { ConcurrencyLimit } from './concurrency-limit';
import { confirmPayment } from './handlers/confirm-payment';
import { flagged, ignored, type HandlerDeps, type Outcome, type WebhookHandler } from './handlers/outcome';
import { recordAuthorization } from './handlers/record-authorization';
import { recordFailure } from './handlers/record-failure';
import { completeStoredSynthetic } from '../reconcile/synthetic-webhook';
import { parsePaymentWebhook, providerOrderIdOf } from './razorpay-event';
import { eventLabel } from './webhook-metrics';

const HANDLERS: Record<string, WebhookHandler> = {
  'payment.captured': confirmPayment,
  'order.paid': confirmPayment,
  'payment.authorized': recordAuthorization,
  'payment.failed': recordFailure,
};

/** How long an event stays leased while its capture call runs (timeouts and retries included). */
const CAPTURE_LEASE_SECONDS = 60;

export interface ProcessorDeps extends HandlerDeps {
  db: Database;
  outbox: Outbox;
  gateway: RazorpayGateway;
  /** Events processed at once; `db` is a pool of as many connections, apart from the requests' pool. */
  concurrency: number;
  /** Told after commit about a refund requested by a handler. */
  refunds: { processSoon(paymentId: string): void };
}

export class WebhookProcessor {
  private readonly running = new Set<Promise<void>>();
  private readonly limit: ConcurrencyLimit;

  constructor(private readonly deps: ProcessorDeps) {
    this.limit = new ConcurrencyLimit(deps.concurrency);
  }

  /** After the acknowledgement has been sent: processing never delays Razorpay's answer. */
  processSoon(eventId: string, providerOrderId?: string): void {
    const task: Promise<void> = new Promise((resolve) => setImmediate(resolve))
      .then(() => this.process(eventId, providerOrderId))
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /** Resolves when no processing started by processSoon is running (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /**
   * Never throws: a failure is recorded on the event, which the reprocess worker retries.
   * `providerOrderId`, when known, lets the payment record be locked with the event row.
   */
  process(eventId: string, providerOrderId?: string): Promise<void> {
    return this.limit.run(() => this.processNow(eventId, providerOrderId));
  }

  private async processNow(eventId: string, providerOrderId?: string): Promise<void> {
    const { db, outbox, logger, metrics } = this.deps;
    const stopTimer = metrics.processingSeconds.startTimer();
    let type: string | undefined;
    try {
      const result = await outbox.transaction(async (tx, out) => {
        // Event row, then payment record (the order every path locks them in), in one round trip.
        const [stored, hinted] = await Promise.all([
          webhookEventRepository.lockUnprocessed(tx, eventId),
          providerOrderId ? paymentRepository.lockByProviderOrder(tx, providerOrderId) : undefined,
        ]);
        if (!stored) return undefined; // done already, or another replica is on it
        type = stored.event_type;
        const outcome = await this.handle(tx, out, stored, hinted);
        if (outcome.capture) await webhookEventRepository.extendLease(tx, eventId, CAPTURE_LEASE_SECONDS);
        else await webhookEventRepository.finish(tx, eventId, outcome.status, outcome.note);
        return outcome;
      });
      if (!result) return;
      if (result.refund) this.deps.refunds.processSoon(result.refund);
      const final = result.capture
        ? await captureAuthorized(this.deps.gateway, logger, eventId, result.capture)
        : result;
      if (result.capture) await webhookEventRepository.finish(db, eventId, final.status, final.note);
      stopTimer({ event: eventLabel(type), outcome: final.status.toLowerCase() });
    } catch (err) {
      stopTimer({ event: eventLabel(type), outcome: 'failed' });
      logger.error(
        { eventId, event: type, err: (err as Error).message },
        'webhook processing failed; it will be retried',
      );
      await webhookEventRepository.recordFailure(db, eventId, (err as Error).message).catch(() => undefined);
    }
  }

  private async handle(tx: Queryable, out: Emitter, stored: StoredWebhook, hinted?: PaymentRecord): Promise<Outcome> {
    const handler = HANDLERS[stored.event_type];
    if (!handler) return ignored(`event type ${stored.event_type} is not used`);
    const parsed = parsePaymentWebhook(completeStoredSynthetic(parseJson(stored.body)));
    if ('problems' in parsed) {
      this.deps.logger.error(
        { eventId: stored.event_id, event: stored.event_type, issues: parsed.problems.length },
        'signed Razorpay webhook not understood: flagged for review',
      );
      return flagged(`payload not understood: ${parsed.problems.join('; ')}`);
    }
    const providerOrderId = providerOrderIdOf(parsed.event);
    const payment =
      hinted?.provider_order_id === providerOrderId
        ? hinted
        : providerOrderId
          ? await paymentRepository.lockByProviderOrder(tx, providerOrderId)
          : undefined;
    if (!payment) {
      this.deps.logger.warn(
        { eventId: stored.event_id, event: stored.event_type, providerOrderId },
        'Razorpay webhook for an order we do not know: ignored',
      );
      return ignored(`no payment for Razorpay order ${providerOrderId}`);
    }
    return handler({ tx, out, eventId: stored.event_id, event: parsed.event, payment }, this.deps);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
