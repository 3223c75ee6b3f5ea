// The express app every service starts from: request ids, access logs, RED metrics, a 1 MiB JSON
// body limit (raw body kept for webhook signatures), health endpoints. Services add their routes,
// then call finishApp() to install the 404 and problem+json handlers last.
import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { notFoundHandler, problemHandler } from '../errors/problem-handler';
import type { ServiceMetrics } from '../metrics/metrics';
import { requestTimings } from './request-timings';
import './express-augment';

export const BODY_LIMIT = '1mb';

export interface AppOptions {
  name: string;
  logger: Logger;
  metrics: ServiceMetrics;
  /** Resolves when the service can do its work (database and runtime reachable); throws otherwise. */
  readiness: () => Promise<void>;
}

export function createApp({ name, logger, metrics, readiness }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use((req, res, next) => {
    const incoming = req.header('x-request-id');
    req.id = incoming && /^[\w.-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // The route pattern, not the URL, keeps label cardinality bounded.
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, seconds);
      if (requestTimings.listenerCount('timing')) requestTimings.emit('timing', { service: name, method: req.method, route, status: res.statusCode, ms: seconds * 1000 });
      if (route !== '/metrics' && route !== '/healthz' && route !== '/readyz') {
        logger.debug({ reqId: req.id, traceparent: req.header('traceparent'), method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1e4) / 10 }, 'request');
      }
    });
    next();
  });

  app.use(
    express.json({
      limit: BODY_LIMIT,
      type: ['application/json', 'application/*+json'],
      verify: (req, _res, buf) => {
        (req as express.Request).rawBody = buf;
      },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await readiness();
      res.json({ status: 'ready' });
    } catch (err) {
      res.status(503).type('application/problem+json').json({
        type: 'https://errors.checkout-saga.dev/service-unavailable',
        title: 'Service Unavailable',
        status: 503,
        detail: `not ready: ${(err as Error).message}`,
        code: 'SERVICE_UNAVAILABLE',
      });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return app;
}

export function finishApp(app: Express, logger: Logger): void {
  app.use(notFoundHandler);
  app.use(problemHandler(logger));
}
