// The built pages (apps/web/dist): hashed assets cached for good, everything else revalidated, and
// the page routes (/, /vendor, /orders/:id) answered with index.html, which routes in the browser.
import path from 'node:path';
import express, { type Router } from 'express';

const PAGE_ROUTES = /^\/(vendor\/?|orders\/[^/]+\/?)?$/;

export function staticPages(distDir: string): Router {
  const router = express.Router();
  router.use(
    '/assets',
    express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }),
  );
  router.use(
    express.static(distDir, {
      index: false,
      maxAge: 0,
      setHeaders: (res) => res.setHeader('cache-control', 'no-cache'),
    }),
  );
  router.get(PAGE_ROUTES, (_req, res) => {
    res.set('cache-control', 'no-cache').sendFile(path.join(distDir, 'index.html'));
  });
  return router;
}
