// Payments service: the only service that talks to Razorpay. It creates payment intents (Razorpay
// orders), confirms payments from Razorpay's webhooks for the rest of the saga, refunds captured
// payments no order will use, and reconciles its records with Razorpay.
import { type ServiceDefinition } from '@saga/runtime';
import { Router } from 'express';
import { checkoutCallbackRoute } from './callback/checkout-callback.route';
import { loadPaymentsConfig } from './config';
import { paymentsEntities } from './db/entities';
import { paymentsMigrations } from './db/migrations';
import { paymentAtGatewayRoute } from './gateway-check/payment-at-gateway.route';
import { createIntentRoute } from './intents/create-intent.route';
import { subscribeOrderEvents } from './consumers/order-events';
import { createGateway } from './razorpay';
import { createReconcileMetrics } from './reconcile/reconcile-metrics';
import { reconcileWorker } from './reconcile/reconcile-worker';
import { createRefundMetrics } from './refunds/refund-metrics';
import { refundsAdminRoutes } from './refunds/refunds-admin.route';
import { RefundWorker } from './refunds/refund-worker';
import { webhookEventsRetention } from './retention/webhook-events-retention';
import { mountWebhooks } from './webhooks';

/**
 * The service's background workers, as RunningService.workers lists them by name: 'webhook-reprocess',
 * 'refunds', 'reconcile' (and the runtime's 'outbox-relay' and 'retention'). Each runs one pass on demand
 * with `runOnce()` (tests, operations).
 */
export type { ReconcileReport, ReconcileWorker } from './reconcile/reconcile-worker';
export type { RefundWorker } from './refunds/refund-worker';
export type { WebhookReprocessWorker } from './webhooks/reprocess-worker';

/** A payment being reconciled is leased this long: longer than one check with its Razorpay calls. */
const RECONCILE_LEASE_SECONDS = 60;
/** The longest wait between two checks of one payment. */
const RECONCILE_MAX_BACKOFF_SECONDS = 3600;

export const paymentsService: ServiceDefinition = {
  name: 'payments',
  schema: 'payments',
  migrations: paymentsMigrations,
  entities: paymentsEntities,
  address: (env, common) => loadPaymentsConfig(env, common).address,
  build(ctx, app) {
    const { db, env, config, metrics, logger, outbox, runtime } = ctx;
    const settings = loadPaymentsConfig(env, config);
    const retention = [webhookEventsRetention(env, settings.RECONCILE_MAX_INTENT_AGE_HOURS)];
    const gateway = createGateway(settings, metrics.registry, logger);
    const router = Router();
    createIntentRoute(router, db, gateway, logger);
    app.use(router);

    const refunds = new RefundWorker(
      {
        db,
        outbox,
        gateway,
        logger,
        metrics: createRefundMetrics(metrics.registry, db),
        retryBaseMs: settings.REFUND_RETRY_BASE_MS,
        retryMaxSeconds: settings.REFUND_RETRY_MAX_SECONDS,
      },
      settings.REFUND_WORKER_INTERVAL_MS,
    );
    refundsAdminRoutes(router, db, refunds);
    const webhooks = mountWebhooks(app, ctx, settings, gateway, refunds);
    const callbacks = Router();
    checkoutCallbackRoute(callbacks, {
      db,
      gateway,
      processor: webhooks.processor,
      logger,
      keySecret: settings.keySecret,
    });
    app.use(callbacks);
    paymentAtGatewayRoute(router, { db, gateway, processor: webhooks.processor, logger });
    subscribeOrderEvents(runtime, { db, outbox, logger, refunds });
    const reconcile = reconcileWorker(
      {
        db,
        outbox,
        gateway,
        logger,
        processor: webhooks.processor,
        metrics: createReconcileMetrics(metrics.registry, db, settings.settleAfterSeconds),
        claim: {
          limit: settings.RECONCILE_BATCH_SIZE,
          leaseSeconds: RECONCILE_LEASE_SECONDS,
          minAgeSeconds: settings.RECONCILE_MIN_AGE_SECONDS,
          maxAgeHours: settings.RECONCILE_MAX_INTENT_AGE_HOURS,
          settleAfterSeconds: settings.settleAfterSeconds,
        },
        backoff: {
          openBaseSeconds: settings.recheckAfterSeconds,
          unsettledBaseSeconds: settings.settleAfterSeconds,
          maxSeconds: RECONCILE_MAX_BACKOFF_SECONDS,
        },
        parallelChecks: settings.RECONCILE_PARALLEL_CHECKS,
        passBudgetMs: (settings.reconcileIntervalSeconds * 1000 * settings.RECONCILE_PASS_BUDGET_PERCENT) / 100,
      },
      settings.reconcileIntervalSeconds * 1000,
    );
    return { workers: [webhooks.reprocessWorker, refunds, reconcile], retention };
  },
};
