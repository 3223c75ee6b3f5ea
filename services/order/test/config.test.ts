// The order service declares its own port, app id, the app ids it invokes and its checkout
// settings (the runtime names no service); the variables and defaults are those of the README.
import { loadOrderConfig } from '../src/config';

describe('the order service configuration', () => {
  it('listens on ORDER_PORT (default 3001) as app APP_ID_ORDER (default order)', () => {
    expect(loadOrderConfig({}).address).toEqual({ port: 3001, portVariable: 'ORDER_PORT', appId: 'order' });
    expect(loadOrderConfig({ ORDER_PORT: '4001', APP_ID_ORDER: 'order-blue' }).address).toEqual({
      port: 4001,
      portVariable: 'ORDER_PORT',
      appId: 'order-blue',
    });
  });

  it('invokes the catalog and payments by the app ids it declares (APP_ID_CATALOG, APP_ID_PAYMENTS)', () => {
    expect(loadOrderConfig({})).toMatchObject({ catalogAppId: 'catalog', paymentsAppId: 'payments' });
    expect(loadOrderConfig({ APP_ID_CATALOG: 'cat-2', APP_ID_PAYMENTS: 'pay-2' })).toMatchObject({
      catalogAppId: 'cat-2',
      paymentsAppId: 'pay-2',
    });
  });

  it('keeps its checkout settings: CHECKOUT_EXPIRY_SECONDS (900) and CHECKOUT_MAX_IN_FLIGHT (256)', () => {
    expect(loadOrderConfig({})).toMatchObject({ checkoutExpirySeconds: 900, checkoutMaxInFlight: 256 });
    expect(loadOrderConfig({ CHECKOUT_EXPIRY_SECONDS: '60', CHECKOUT_MAX_IN_FLIGHT: '2' })).toMatchObject({
      checkoutExpirySeconds: 60,
      checkoutMaxInFlight: 2,
    });
  });

  it('names the variable that is wrong, and treats an empty value as unset', () => {
    expect(() => loadOrderConfig({ ORDER_PORT: 'eighty' })).toThrow(/ORDER_PORT/);
    expect(() => loadOrderConfig({ CHECKOUT_EXPIRY_SECONDS: '0' })).toThrow(/CHECKOUT_EXPIRY_SECONDS/);
    expect(loadOrderConfig({ ORDER_PORT: '' }).address.port).toBe(3001);
  });
});
