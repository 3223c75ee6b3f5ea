import { z } from 'zod';
import { type CommonConfig, type ServiceAddress, bool, parseEnv, port, requireSecret, seconds } from '@saga/runtime';

const PaymentsEnv = z.object({
  PAYMENTS_PORT: port(3003),
  APP_ID_PAYMENTS: z.string().default('payments'),
  /** How often stuck payments are reconciled with Razorpay. */
  RECONCILE_INTERVAL_SECONDS: seconds(60),
  RAZORPAY_API_URL: z.string().url().default('https://api.razorpay.com'),
  /** Per-attempt deadline for a Razorpay call. */
  RAZORPAY_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(2000),
  /** Retries after the first attempt, on network errors, timeouts, 429 and 5xx only. */
  RAZORPAY_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
  /** Consecutive failures that open the circuit, and how long it stays open before one trial call. */
  RAZORPAY_BREAKER_THRESHOLD: z.coerce.number().int().min(1).default(5),
  RAZORPAY_BREAKER_OPEN_MS: z.coerce.number().int().min(100).default(10_000),
  /** false: the account captures nothing by itself, so an authorized payment is captured through the API. */
  RAZORPAY_AUTO_CAPTURE: bool(true),
  /**
   * How long an acknowledged webhook is left to the replica that received it before the reprocess
   * worker (on any replica) takes it over: the crash-between-ack-and-processing window.
   */
  WEBHOOK_REPROCESS_AFTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  /** How often the reprocess worker looks for acknowledged webhooks still unprocessed. */
  WEBHOOK_REPROCESS_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(2000),
  /**
   * Webhook events processed at once per replica, each on a connection of a pool of its own (on
   * PostgreSQL; PGlite has one session for everything): a replica opens DB_POOL_SIZE plus this
   * many connections. Default DB_POOL_SIZE: half as many let a backlog of thousands of events
   * build up at 160 sagas/s offered on two cores (BENCHMARKS.md, "Overload").
   */
  WEBHOOK_PROCESSING_CONCURRENCY: z.coerce.number().int().min(1).max(100).optional(),
  /** How often the refund worker looks for refunds due (new ones are also tried right after they are requested). */
  REFUND_WORKER_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(2000),
  /** Delay before the first retry of a failed refund call; doubles with each attempt. */
  REFUND_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
  /** Longest delay between two attempts of one refund. */
  REFUND_RETRY_MAX_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** An open intent younger than this is left to its webhooks; reconciliation checks it afterwards. */
  RECONCILE_MIN_AGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(10),
  /** Open intents older than this are no longer checked against Razorpay (the checkout is long gone). */
  RECONCILE_MAX_INTENT_AGE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(72),
  /**
   * How long a CAPTURED payment may stay without word from the order service (OrderPlaced,
   * OrderCancelled, RefundRequested) before PaymentConfirmed is published again. Default: twice
   * RECONCILE_INTERVAL_SECONDS.
   */
  RECONCILE_SETTLE_AFTER_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
  /**
   * Delay before an open payment that reconciliation found unchanged is checked again; doubles with
   * each check (capped at an hour). 0: checked on every pass. Default RECONCILE_INTERVAL_SECONDS.
   */
  RECONCILE_RECHECK_AFTER_SECONDS: z.coerce.number().int().min(0).max(86_400).optional(),
  /**
   * Payments claimed (leased) at once by a reconciliation pass; a pass claims batch after batch
   * until nothing is due or RECONCILE_PASS_BUDGET_PERCENT of the interval has gone.
   */
  RECONCILE_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
  /** Payments checked against Razorpay at once per replica (one GET /v1/orders/{id}/payments each). */
  RECONCILE_PARALLEL_CHECKS: z.coerce.number().int().min(1).max(64).default(8),
  /** Share of RECONCILE_INTERVAL_SECONDS one pass may spend claiming further batches. */
  RECONCILE_PASS_BUDGET_PERCENT: z.coerce.number().int().min(1).max(100).default(80),
});

export type PaymentsConfig = ReturnType<typeof loadPaymentsConfig>;

export function loadPaymentsConfig(env: NodeJS.ProcessEnv, common: Pick<CommonConfig, 'production' | 'DB_POOL_SIZE'>) {
  const { production, DB_POOL_SIZE: dbPoolSize } = common;
  const c = parseEnv(PaymentsEnv, env);
  const webhookConcurrency = c.WEBHOOK_PROCESSING_CONCURRENCY ?? dbPoolSize;
  return {
    ...c,
    address: {
      port: c.PAYMENTS_PORT,
      portVariable: 'PAYMENTS_PORT',
      appId: c.APP_ID_PAYMENTS,
    } satisfies ServiceAddress,
    webhookConcurrency,
    reconcileIntervalSeconds: c.RECONCILE_INTERVAL_SECONDS,
    settleAfterSeconds: c.RECONCILE_SETTLE_AFTER_SECONDS ?? 2 * c.RECONCILE_INTERVAL_SECONDS,
    recheckAfterSeconds: c.RECONCILE_RECHECK_AFTER_SECONDS ?? c.RECONCILE_INTERVAL_SECONDS,
    keyId: requireSecret(env, 'RAZORPAY_KEY_ID', production),
    keySecret: requireSecret(env, 'RAZORPAY_KEY_SECRET', production),
    webhookSecret: requireSecret(env, 'RAZORPAY_WEBHOOK_SECRET', production),
    /** Also accepted while a webhook secret rotation is under way (Razorpay signs with one secret at a time). */
    previousWebhookSecret: env.RAZORPAY_WEBHOOK_SECRET_PREVIOUS || undefined,
  };
}
