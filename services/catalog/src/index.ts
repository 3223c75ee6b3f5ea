// Catalog service: products, prices and stock. It answers whether a cart can be sold and holds
// that stock for an order until the order is paid (sold), released, or the hold expires.
import { HOLD_GRACE_SECONDS } from '@saga/contracts';
import { type ServiceDefinition } from '@saga/runtime';
import { Router } from 'express';
import { Counter, Histogram } from 'prom-client';
import { checkAvailabilityRoute } from './availability/check-availability.route';
import { catalogEntities } from './db/entities';
import { catalogMigrations } from './db/migrations';
import { seedDemoCatalog } from './db/demo-catalog';
import { holdExpiryWorker } from './holds/hold-expiry.worker';
import { releaseHoldRoute } from './holds/release-hold.route';
import { listProductsRoute } from './products/list-products.route';
import { subscribeOrderEvents } from './consumers/order-events';
import { commitSaleRoute } from './holds/commit-sale.route';
import { loadCatalogConfig } from './config';

export { seedDemoCatalog, DEMO_PRODUCTS } from './db/demo-catalog';

export const catalogService: ServiceDefinition = {
  name: 'catalog',
  schema: 'catalog',
  migrations: catalogMigrations,
  entities: catalogEntities,
  address: (env) => loadCatalogConfig(env).address,
  async build({ db, env, logger, metrics, runtime, outbox }, app) {
    const settings = loadCatalogConfig(env);
    if (env.SEED_DEMO_CATALOG !== 'false') {
      const seeded = await seedDemoCatalog(db);
      if (seeded) logger.info({ products: seeded }, 'seeded the demo catalog');
    }
    const availability = new Histogram({
      name: 'catalog_availability_check_seconds',
      help: 'Availability checks (and holds) by outcome',
      labelNames: ['outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers: [metrics.registry],
    });
    const router = Router();
    listProductsRoute(router, db);
    checkAvailabilityRoute(router, db, settings.checkoutExpirySeconds + HOLD_GRACE_SECONDS, availability);
    const sales = new Counter({
      name: 'catalog_sales_total',
      help: 'Holds turned into sales, by outcome',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    releaseHoldRoute(router, db);
    commitSaleRoute(router, db, sales);
    app.use(router);
    subscribeOrderEvents(runtime, outbox);
    const sweepMs = Math.min(30_000, Math.max(1000, (settings.checkoutExpirySeconds * 1000) / 4));
    return { workers: [holdExpiryWorker(db, logger, sweepMs)] };
  },
};
