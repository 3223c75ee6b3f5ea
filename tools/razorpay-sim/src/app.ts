import express, { type Express } from 'express';
import type { SimContext } from './context';
import { checkoutRouter } from './checkout/checkout-routes';
import { badRequest, errorHandler } from './errors';
import { apiRouter } from './routes/api';
import { simRouter } from './routes/sim';

export function createApp(ctx: SimContext, onReset: () => Promise<void>): Express {
  const app = express();
  app.disable('x-powered-by');
  // Razorpay sends Content-Type application/json; charset=utf-8 and no ETag revalidation.
  app.set('etag', false);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(checkoutRouter(ctx)); // before /v1: Checkout takes the public key id, not Basic auth
  app.use('/v1', apiRouter(ctx));
  app.use('/_sim', simRouter(ctx, onReset));
  app.use((req) => {
    throw badRequest(`No route ${req.method} ${req.path} in the Razorpay simulator`, null, 404);
  });
  app.use(errorHandler(ctx.logger));
  return app;
}
