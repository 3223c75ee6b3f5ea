import type { RequestHandler, Router } from 'express';

export interface RouteDef {
  method: 'get' | 'post';
  /** Express path relative to /v1, e.g. "/orders/:id". */
  path: string;
  handler: RequestHandler;
}

/** Express 5 types params loosely (wildcards give arrays); the routes here only use plain `:name` params. */
export function param(params: Record<string, string | string[] | undefined>, name: string): string {
  const value = params[name];
  return Array.isArray(value) ? value.join('/') : (value ?? '');
}

export function mountRoutes(router: Router, routes: RouteDef[]): void {
  for (const route of routes) router[route.method](route.path, route.handler);
}

/**
 * The route pattern a request will hit, for per-route stats. Counting happens on arrival (before
 * auth and injected failures) so stats show every request a client made, not only the served ones.
 */
export function routeKey(routes: RouteDef[], prefix: string, method: string, path: string): string {
  const segments = path.split('/').filter(Boolean);
  for (const route of routes) {
    if (route.method.toUpperCase() !== method) continue;
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    if (pattern.every((p, i) => p.startsWith(':') || p === segments[i])) return `${method} ${prefix}${route.path}`;
  }
  return `${method} ${prefix} (unknown route)`;
}
