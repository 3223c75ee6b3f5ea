// The routes an express app actually serves, read from its router stack: method and path, with
// express's `:param` written as OpenAPI's `{param}`. Nested routers are followed; a router mounted
// under a path this walker cannot read fails loudly rather than hiding its routes.
import type { Express } from 'express';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: unknown;
  slash?: boolean;
}

export interface MountedRoute {
  method: string;
  path: string;
}

const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function walk(stack: Layer[], prefix: string, into: MountedRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const path of paths) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on) into.push({ method: method === '_all' ? 'all' : method, path: openApiPath(`${prefix}${path}`) });
        }
      }
      continue;
    }
    const nested = layer.handle.stack;
    if (!nested) continue; // middleware
    if (!layer.slash && typeof layer.rawPath !== 'string')
      throw new Error('a router is mounted under a path that is not a string; teach mounted-routes.ts to read it');
    walk(nested, layer.slash ? prefix : `${prefix}${layer.rawPath as string}`, into);
  }
}

export function mountedRoutes(app: Express): MountedRoute[] {
  const router = (app as unknown as { router?: { stack: Layer[] } }).router;
  if (!router) throw new Error('the app has no router (express 5 exposes app.router)');
  const routes: MountedRoute[] = [];
  walk(router.stack, '', routes);
  return routes;
}
