import express, { type Router } from 'express';
import { basicAuth } from '../auth';
import type { SimContext } from '../context';
import { urlNotFound } from '../errors';
import { faultInjection } from '../faults';
import { orderRoutes } from './orders';
import { paymentRoutes } from './payments';
import { refundRoutes } from './refunds';
import { mountRoutes, routeKey } from './table';

/** The Razorpay API subset under /v1: stats, then knobs, then auth, as a real outage precedes auth. */
export function apiRouter(ctx: SimContext): Router {
  const routes = [...orderRoutes(ctx), ...paymentRoutes(ctx), ...refundRoutes(ctx)];
  const router = express.Router();
  router.use((req, _res, next) => {
    ctx.stats.countRequest(routeKey(routes, '/v1', req.method, req.path));
    next();
  });
  router.use(faultInjection(ctx));
  router.use(basicAuth(ctx));
  // Razorpay takes form bodies as well as JSON; curl -d users get the same behaviour.
  router.use(express.json({ limit: '1mb' }));
  router.use(express.urlencoded({ extended: true, limit: '1mb' }));
  mountRoutes(router, routes);
  router.use((req) => {
    throw urlNotFound(req.originalUrl.split('?')[0] ?? req.originalUrl);
  });
  return router;
}
