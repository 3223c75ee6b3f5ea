// Order service: the authoritative state of every order and the saga's entry point (checkout).
import { HOLD_GRACE_SECONDS } from '@saga/contracts';
import { type ServiceDefinition } from '@saga/runtime';
import { Router } from 'express';
import { Counter } from 'prom-client';
import { checkoutRoute } from './checkout/checkout.route';
import { createCatalogClient } from './clients/catalog-client';
import { createPaymentsClient } from './clients/payments-client';
import { orderEntities } from './db/entities';
import { orderMigrations } from './db/migrations';
import { getOrderRoute } from './orders/get-order.route';
import { getTimelineRoute } from './orders/get-timeline.route';
import { subscribePaymentEvents } from './consumers/payment-events';
import { checkoutExpiryWorker } from './expiry/checkout-expiry.worker';
import { cartRoutes } from './cart/cart.route';
import { createCartStore } from './cart/cart-store';
import { clearCartOfPlacedOrder, isPlacedRevision } from './cart/placed-carts';
import { createCheckoutCallbackClient } from './clients/checkout-callback-client';
import { loadOrderConfig } from './config';
import { apiDocsRoutes } from './docs/api-docs.route';
import { paymentCallbackRoute } from './payment-callback/payment-callback.route';
import { listOrdersRoutes } from './orders/list-orders.route';
import { answerOrderRoutes } from './vendor-answer/answer-order.route';
import { vendorAnswerTimeoutWorker } from './vendor-answer/vendor-answer-timeout.worker';

export const orderService: ServiceDefinition = {
  name: 'order',
  schema: 'orders',
  migrations: orderMigrations,
  entities: orderEntities,
  address: (env) => loadOrderConfig(env).address,
  build({ db, runtime, env, logger, metrics, verifyToken, outbox }, app) {
    const settings = loadOrderConfig(env);
    const view = { vendorAnswerTimeoutSeconds: settings.vendorAnswerTimeoutSeconds };
    const checkouts = new Counter({
      name: 'order_checkouts_total',
      help: 'Checkouts by outcome',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    const deps = {
      db,
      logger,
      catalog: createCatalogClient(runtime, settings.catalogAppId),
      payments: createPaymentsClient(runtime, settings.paymentsAppId),
      expirySeconds: settings.checkoutExpirySeconds,
      holdGraceSeconds: HOLD_GRACE_SECONDS,
    };
    const carts = createCartStore({
      state: runtime.state,
      ttlSeconds: settings.cartTtlSeconds,
      logger,
      isPlaced: (customerId, revision) => isPlacedRevision(db, customerId, revision),
    });
    const router = Router();
    checkoutRoute(router, verifyToken, deps, checkouts, settings.checkoutMaxInFlight, carts);
    cartRoutes(router, verifyToken, carts);
    apiDocsRoutes(router);
    getTimelineRoute(router, verifyToken, db);
    listOrdersRoutes(router, verifyToken, db, view);
    getOrderRoute(router, verifyToken, db, view);
    answerOrderRoutes(router, verifyToken, outbox, view);
    paymentCallbackRoute(router, verifyToken, db, createCheckoutCallbackClient(runtime, settings.paymentsAppId));
    app.use(router);
    const outcomes = new Counter({
      name: 'order_payment_confirmations_total',
      help: 'PaymentConfirmed events by outcome',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    subscribePaymentEvents(runtime, {
      db,
      outbox,
      catalog: deps.catalog,
      logger,
      outcomes,
      afterPlaced: clearCartOfPlacedOrder(db, carts, logger),
    });
    const sweepMs = Math.max(200, Math.min(5000, (settings.checkoutExpirySeconds * 1000) / 4));
    const answerSweepMs = Math.max(200, Math.min(5000, (settings.vendorAnswerTimeoutSeconds * 1000) / 4));
    const expiryOutcomes = new Counter({
      name: 'order_checkout_expiry_total',
      help: 'Checkouts past their expiry, by what the sweep did: expired, deferred_paid (the gateway shows a payment), deferred_unreachable (the gateway could not be asked)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    const expiry = checkoutExpiryWorker(
      {
        db,
        outbox,
        payments: deps.payments,
        logger,
        outcomes: expiryOutcomes,
        maxDeferSeconds: settings.checkoutExpiryMaxDeferSeconds,
      },
      sweepMs,
    );
    return {
      workers: [expiry, vendorAnswerTimeoutWorker(outbox, logger, settings.vendorAnswerTimeoutSeconds, answerSweepMs)],
    };
  },
};
