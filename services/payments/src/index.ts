// Payments service: the only service that talks to Razorpay. It creates payment intents (Razorpay
// orders) and, from Razorpay's webhooks, confirms payments for the rest of the saga.
import { type ServiceDefinition } from '@saga/runtime';
import { Router } from 'express';
import { Gauge } from 'prom-client';
import { loadPaymentsConfig } from './config';
import { paymentsMigrations } from './db/migrations';
import { createIntentRoute } from './intents/create-intent.route';
import { createGatewayPolicy } from './razorpay/gateway-policy';
import { createRazorpayGateway } from './razorpay/razorpay-gateway';
import { mountWebhooks } from './webhooks';

const CIRCUIT_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

export const paymentsService: ServiceDefinition = {
  name: 'payments',
  schema: 'payments',
  migrations: paymentsMigrations,
  build(ctx, app) {
    const { db, env, config, metrics, logger } = ctx;
    const settings = loadPaymentsConfig(env, config.production, config.DB_POOL_SIZE);
    const circuit = new Gauge({
      name: 'payments_gateway_circuit_state',
      help: 'Razorpay circuit breaker: 0 closed, 1 half-open, 2 open',
      registers: [metrics.registry],
    });
    circuit.set(0);
    const policy = createGatewayPolicy({
      timeoutMs: settings.RAZORPAY_TIMEOUT_MS,
      maxRetries: settings.RAZORPAY_MAX_RETRIES,
      breakerThreshold: settings.RAZORPAY_BREAKER_THRESHOLD,
      breakerOpenMs: settings.RAZORPAY_BREAKER_OPEN_MS,
      onStateChange: (state) => {
        circuit.set(CIRCUIT_VALUE[state]);
        logger.warn({ state }, 'Razorpay circuit breaker changed state');
      },
    });
    const gateway = createRazorpayGateway({
      apiUrl: settings.RAZORPAY_API_URL,
      keyId: settings.keyId,
      keySecret: settings.keySecret,
      timeoutMs: settings.RAZORPAY_TIMEOUT_MS,
      policy,
    });
    const router = Router();
    createIntentRoute(router, db, gateway);
    app.use(router);
    const reprocessWorker = mountWebhooks(app, ctx, settings, gateway);
    return { workers: [reprocessWorker] };
  },
};
