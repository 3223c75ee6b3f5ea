// The express app every service starts from: request ids, access logs, RED metrics, the service
// credential on internal routes, health endpoints. No body is read here: routes read theirs after
// authenticating (requireRole, and the internal routes below), within their own limit (json-body.ts).
// Services add their routes, then call finishApp() to install the 404 and problem+json handlers last.
import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { requireServiceToken } from '../auth/service-token';
import { AppError } from '../errors/app-error';
import { notFoundHandler, problemHandler, sendProblem } from '../errors/problem-handler';
import type { ServiceMetrics } from '../metrics/metrics';
import { NotReadyError } from '../port/runtime-port';
import { BODY_LIMITS, jsonBody } from './json-body';
import { requestTimings } from './request-timings';
import './express-augment';

/** Every route under it is for services and operators only. */
export const INTERNAL_PREFIX = '/api/v1/internal';

export interface AppOptions {
  name: string;
  logger: Logger;
  metrics: ServiceMetrics;
  /** Each dependency by name (database, runtime): resolves when it is reachable, throws otherwise. */
  readiness: Record<string, () => Promise<void>>;
  /** The service credential internal routes require (APP_API_TOKEN); undefined: none to check. */
  serviceToken?: string;
}

export function createApp({ name, logger, metrics, readiness, serviceToken }: AppOptions): Express {
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
      if (requestTimings.listenerCount('timing'))
        requestTimings.emit('timing', {
          service: name,
          method: req.method,
          route,
          status: res.statusCode,
          ms: seconds * 1000,
        });
      if (route !== '/metrics' && route !== '/healthz' && route !== '/readyz') {
        logger.debug(
          {
            reqId: req.id,
            traceparent: req.header('traceparent'),
            method: req.method,
            route,
            status: res.statusCode,
            ms: Math.round(seconds * 1e4) / 10,
          },
          'request',
        );
      }
    });
    next();
  });

  // The credential first, then the body: an anonymous caller gets nothing read or parsed.
  app.use(INTERNAL_PREFIX, requireServiceToken(serviceToken), jsonBody(BODY_LIMITS.internal));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const { checks, hints } = await checkDependencies(readiness, logger);
    const down = Object.keys(checks).filter((name) => checks[name] === 'down');
    if (!down.length) return void res.json({ status: 'ready', checks });
    // Which dependency, never where it lives or what its driver said: that is in the log.
    const detail = down.map((name) => `${name} down${hints[name] ? ` (${hints[name]})` : ''}`).join(', ');
    sendProblem(res, new AppError('SERVICE_UNAVAILABLE', `not ready: ${detail}`, { checks }));
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return app;
}

/**
 * Runs every check at once. A failure is logged with its reason (for the operator) and answered as
 * `down`; only a NotReadyError's message, written by us to say what to fix, is answered too.
 */
async function checkDependencies(readiness: AppOptions['readiness'], logger: Logger) {
  const names = Object.keys(readiness);
  const outcomes = await Promise.allSettled(names.map((name) => readiness[name]!()));
  const checks: Record<string, 'up' | 'down'> = {};
  const hints: Record<string, string> = {};
  names.forEach((name, i) => {
    const outcome = outcomes[i]!;
    checks[name] = outcome.status === 'fulfilled' ? 'up' : 'down';
    if (outcome.status === 'fulfilled') return;
    if (outcome.reason instanceof NotReadyError) hints[name] = outcome.reason.message;
    logger.warn({ dependency: name, err: (outcome.reason as Error)?.message }, `not ready: ${name} down`);
  });
  return { checks, hints };
}

export function finishApp(app: Express, logger: Logger): void {
  app.use(notFoundHandler);
  app.use(problemHandler(logger));
}
