// The web server `npm start` runs on WEB_PORT: the built pages, /config.json (where Razorpay
// Checkout is, whether development sign-in is on), development tokens, and the services' public
// routes under the same origin (see proxy.ts). deploy/ does the same with nginx and the Ingress.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { AppError, type Logger, describeListenError, sendProblem } from '@saga/runtime';
import express from 'express';
import { devTokenRouter } from './dev-token.route';
import { type Routes, proxyRequest, proxyUpgrade, targetOf } from './proxy';
import { staticPages } from './static-pages';
import type { WebConfig } from './web-config';

export interface ServiceUrls {
  order: string;
  catalog: string;
  notifications: string;
}

export interface WebServerOptions {
  config: WebConfig;
  distDir: string;
  services: ServiceUrls;
  logger: Logger;
  host?: string;
}

export interface RunningWebServer {
  url: string;
  close(): Promise<void>;
}

/** The services' public paths, as deploy/base/ingress.yaml routes them. */
export function publicRoutes(s: ServiceUrls): Routes {
  return [
    ['/api/v1/products', s.catalog],
    ['/api/v1/orders', s.order],
    ['/api/v1/cart', s.order],
    ['/api/v1/vendor', s.order],
    ['/api/docs', s.order],
    ['/ws', s.notifications],
  ];
}

function securityHeaders(checkoutOrigin: string): express.RequestHandler {
  // Razorpay Checkout is a script and a full-window frame from its own origin.
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${checkoutOrigin}`,
    `frame-src ${checkoutOrigin}`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return (_req, res, next) => {
    res.set({ 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' });
    next();
  };
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const { config, distDir, services, logger } = options;
  const routes = publicRoutes(services);
  const log = logger.child({ component: 'web' });
  const app = express();
  app.disable('x-powered-by');
  app.use((req, _res, next) => {
    const incoming = req.header('x-request-id');
    req.id = incoming && /^[\w.-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    next();
  });

  app.use((req, res, next) => {
    const target = targetOf(routes, req.url);
    if (!target) return next();
    proxyRequest(req, res, target, () => {
      // Where the request went stays in the log: the client learns only that it failed.
      log.warn({ path: req.path }, 'web: service unreachable');
      sendProblem(res, new AppError('UPSTREAM_FAILED', 'The service is not reachable right now; try again'));
    });
  });
  app.use(securityHeaders(new URL(config.razorpayCheckoutUrl).origin));
  app.get('/config.json', (_req, res) => {
    res.set('cache-control', 'no-cache').json({
      razorpayCheckoutUrl: config.razorpayCheckoutUrl,
      devSignIn: !!config.devTokenSecret,
      shopName: 'Bazaar',
    });
  });
  app.use(devTokenRouter(config.devTokenSecret));
  app.use(staticPages(distDir));
  app.use((req, res) => sendProblem(res, new AppError('NOT_FOUND', `No page ${req.path}`)));
  app.use(((err, _req, res, _next) => {
    if (err instanceof AppError) return sendProblem(res, err);
    if ((err as { type?: string }).type === 'entity.parse.failed')
      return sendProblem(res, new AppError('MALFORMED_JSON', 'The request body is not valid JSON'));
    if ((err as { status?: number }).status === 404) return sendProblem(res, new AppError('NOT_FOUND', 'No such file'));
    log.error({ err }, 'web: unexpected error');
    sendProblem(res, new AppError('INTERNAL', 'An unexpected error occurred; it has been logged'));
  }) as express.ErrorRequestHandler);

  const server = http.createServer(app);
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req, socket, head) => {
    const target = targetOf(routes, req.url);
    if (!target) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = proxyUpgrade(req, socket, head, target);
    upgraded.add(socket).add(upstream);
    socket.on('close', () => upgraded.delete(socket));
    upstream.on('close', () => upgraded.delete(upstream));
  });

  await new Promise<void>((resolve, reject) => {
    // A port in use is a mistake of configuration: one line naming WEB_PORT, as for the services.
    server.once('error', (err) =>
      reject(describeListenError(err, config.port, { service: 'web', portVariable: 'WEB_PORT' })),
    );
    server.listen(config.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '0.0.0.0';
  const url = `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`;
  log.info({ url }, 'web: serving the shop and the vendor dashboard');
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of upgraded) s.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
