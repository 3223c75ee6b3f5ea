import { catalogService, DEMO_PRODUCTS, seedDemoCatalog } from '@saga/catalog';
import { startSingleService, type SingleService } from '../../../tests/support/single-service';

describe('catalog: the demo catalog', () => {
  let catalog: SingleService;
  beforeAll(async () => (catalog = await startSingleService(catalogService)));
  afterAll(() => catalog.stop());

  it('is seeded into an empty table once, however many replicas ask at the same time, and listed by vendor then name', async () => {
    const added = await Promise.all([seedDemoCatalog(catalog.ctx.db), seedDemoCatalog(catalog.ctx.db)]);
    expect(added.sort()).toEqual([0, DEMO_PRODUCTS.length]);
    expect(await seedDemoCatalog(catalog.ctx.db)).toBe(0);

    const listed = await catalog.get('/api/v1/products');
    expect(listed.status).toBe(200);
    const expected = [...DEMO_PRODUCTS]
      .sort((a, b) => (a.vendorId === b.vendorId ? (a.name < b.name ? -1 : 1) : a.vendorId < b.vendorId ? -1 : 1))
      .map((p) => ({
        productId: p.productId,
        vendorId: p.vendorId,
        name: p.name,
        price: p.price,
        currency: 'INR',
        availableQuantity: p.stock,
      }));
    expect(listed.body).toEqual(expected);
  });
});
