// The catalog service declares its own port, app id and how long a checkout holds stock.
import { loadCatalogConfig } from '../src/config';

describe('the catalog service configuration', () => {
  it('listens on CATALOG_PORT (default 3002) as app APP_ID_CATALOG (default catalog)', () => {
    expect(loadCatalogConfig({}).address).toEqual({ port: 3002, portVariable: 'CATALOG_PORT', appId: 'catalog' });
    expect(loadCatalogConfig({ CATALOG_PORT: '0', APP_ID_CATALOG: 'cat-2' }).address).toEqual({
      port: 0,
      portVariable: 'CATALOG_PORT',
      appId: 'cat-2',
    });
  });

  it('holds stock for CHECKOUT_EXPIRY_SECONDS (default 900), as the order service expires checkouts', () => {
    expect(loadCatalogConfig({}).checkoutExpirySeconds).toBe(900);
    expect(loadCatalogConfig({ CHECKOUT_EXPIRY_SECONDS: '600' }).checkoutExpirySeconds).toBe(600);
    expect(() => loadCatalogConfig({ CATALOG_PORT: '70000' })).toThrow(/CATALOG_PORT/);
  });
});
