// Razorpay webhooks (steps 9 to 11 of SEQ-BP-002): ingestion, processing, and the worker that
// finishes what a crash or a failure left behind. Wired here; each part is one file.
import type { Express } from 'express';
import { type ServiceContext, createOutbox } from '@saga/runtime';
import type { PaymentsConfig } from '../config';
import type { RazorpayGateway } from '../razorpay/razorpay-gateway';
import { WebhookProcessor } from './process-webhook-event';
import { receiveWebhookRoute } from './receive-webhook.route';
import { WebhookReprocessWorker } from './reprocess-worker';
import { createWebhookMetrics } from './webhook-metrics';

export interface MountedWebhooks {
  /** Also processes the webhooks reconciliation reconstructs from Razorpay's state. */
  processor: WebhookProcessor;
  reprocessWorker: WebhookReprocessWorker;
}

export function mountWebhooks(
  app: Express,
  ctx: ServiceContext,
  settings: PaymentsConfig,
  gateway: RazorpayGateway,
  refunds: { processSoon(paymentId: string): void },
): MountedWebhooks {
  const { db, logger } = ctx;
  const metrics = createWebhookMetrics(ctx.metrics.registry, db);
  // Processing on connections of its own. Sharing the pool, its few slots waited in line for a
  // connection behind every acknowledgement and create-intent: under overload the backlog grew to
  // thousands of events and paid orders waited seconds for confirmation while new checkouts went
  // through (BENCHMARKS.md, "Overload").
  const processingDb = db.withOwnPool(settings.webhookConcurrency);
  if (processingDb !== db) ctx.lifecycle.onClose('webhook processing connections', () => processingDb.close());
  const processor = new WebhookProcessor({
    db: processingDb,
    outbox: createOutbox(processingDb, ctx.relay),
    gateway,
    logger,
    metrics,
    refunds,
    autoCapture: settings.RAZORPAY_AUTO_CAPTURE,
    concurrency: settings.webhookConcurrency,
  });
  const secrets = [settings.webhookSecret, ...(settings.previousWebhookSecret ? [settings.previousWebhookSecret] : [])];
  receiveWebhookRoute(app, {
    db,
    secrets,
    leaseSeconds: settings.WEBHOOK_REPROCESS_AFTER_SECONDS,
    processor,
    metrics,
    logger,
  });
  return {
    processor,
    reprocessWorker: new WebhookReprocessWorker(db, processor, logger, settings.WEBHOOK_REPROCESS_INTERVAL_MS),
  };
}
