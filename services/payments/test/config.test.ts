// The payments service declares its own port, app id and reconciliation interval.
import { loadPaymentsConfig } from '../src/config';

const common = { production: false, DB_POOL_SIZE: 10 };

describe('the payments service configuration', () => {
  it('listens on PAYMENTS_PORT (default 3003) as app APP_ID_PAYMENTS (default payments)', () => {
    expect(loadPaymentsConfig({}, common).address).toEqual({
      port: 3003,
      portVariable: 'PAYMENTS_PORT',
      appId: 'payments',
    });
    expect(loadPaymentsConfig({ PAYMENTS_PORT: '4003', APP_ID_PAYMENTS: 'pay-2' }, common).address).toEqual({
      port: 4003,
      portVariable: 'PAYMENTS_PORT',
      appId: 'pay-2',
    });
  });

  it('reconciles every RECONCILE_INTERVAL_SECONDS (default 60), which the settle and recheck delays follow', () => {
    expect(loadPaymentsConfig({}, common)).toMatchObject({
      reconcileIntervalSeconds: 60,
      settleAfterSeconds: 120,
      recheckAfterSeconds: 60,
    });
    expect(loadPaymentsConfig({ RECONCILE_INTERVAL_SECONDS: '5' }, common)).toMatchObject({
      reconcileIntervalSeconds: 5,
      settleAfterSeconds: 10,
      recheckAfterSeconds: 5,
    });
    expect(() => loadPaymentsConfig({ RECONCILE_INTERVAL_SECONDS: 'often' }, common)).toThrow(
      /RECONCILE_INTERVAL_SECONDS/,
    );
  });
});
