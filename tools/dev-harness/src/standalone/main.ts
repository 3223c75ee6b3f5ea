// Entry point of a local run of one service: `tsx tools/dev-harness/src/standalone/main.ts <name>`
// (what `npm start -w services/<name>` and dapr.yaml run). See run-service-locally.ts.
import type { ServiceDefinition } from '@saga/runtime';
import { runServiceLocally } from './run-service-locally';

const definitions: Record<string, () => Promise<ServiceDefinition>> = {
  catalog: async () => (await import('@saga/catalog')).catalogService,
  payments: async () => (await import('@saga/payments')).paymentsService,
  order: async () => (await import('@saga/order')).orderService,
  notifications: async () => (await import('@saga/notifications')).notificationsService,
};

const name = process.argv[2] ?? '';
const load = definitions[name];
if (!load) {
  process.stderr.write(`usage: main.ts <${Object.keys(definitions).join('|')}>; got "${name}"\n`);
  process.exit(2);
}
void load().then((def) => runServiceLocally(def));
