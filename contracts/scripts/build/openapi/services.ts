// The four services, their default ports (SURFACE: ORDER_PORT, CATALOG_PORT, ...) and how a
// service's paths carry its server and tag.
export type ServiceName = 'order' | 'catalog' | 'payments' | 'notifications';

export const SERVICES: Record<ServiceName, { port: number; env: string; description: string }> = {
  order: { port: 3001, env: 'ORDER_PORT', description: 'Checkout and orders; runs the saga' },
  catalog: { port: 3002, env: 'CATALOG_PORT', description: 'Products, prices, stock and stock holds' },
  payments: { port: 3003, env: 'PAYMENTS_PORT', description: 'Razorpay payment intents and webhooks' },
  notifications: {
    port: 3004,
    env: 'NOTIFICATIONS_PORT',
    description: 'Vendor notifications over a WebSocket (see asyncapi.json)',
  },
};
export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];

export const serverOf = (service: ServiceName) => ({
  url: `http://localhost:${SERVICES[service].port}`,
  description: `${service} (${SERVICES[service].env}, default ${SERVICES[service].port})`,
});

export type Operation = Record<string, unknown>;
export type PathItem = Partial<Record<'get' | 'post' | 'put' | 'delete', Operation>>;

/** A service's paths: each path item is served by that service alone, and tagged with its name. */
export function servicePaths(
  service: ServiceName,
  paths: Record<string, PathItem>,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(paths)) {
    const operations = Object.fromEntries(
      Object.entries(item).map(([method, op]) => [method, { tags: [service], ...op }]),
    );
    out[path] = { servers: [serverOf(service)], ...operations };
  }
  return out;
}
