// The notifications service declares its own port and app id.
import { loadNotificationsConfig } from '../src/config';

describe('the notifications service configuration', () => {
  it('listens on NOTIFICATIONS_PORT (default 3004) as app APP_ID_NOTIFICATIONS (default notifications)', () => {
    expect(loadNotificationsConfig({}).address).toEqual({
      port: 3004,
      portVariable: 'NOTIFICATIONS_PORT',
      appId: 'notifications',
    });
    expect(loadNotificationsConfig({ NOTIFICATIONS_PORT: '4004', APP_ID_NOTIFICATIONS: 'n-2' }).address).toEqual({
      port: 4004,
      portVariable: 'NOTIFICATIONS_PORT',
      appId: 'n-2',
    });
    expect(() => loadNotificationsConfig({ NOTIFICATIONS_PORT: 'ws' })).toThrow(/NOTIFICATIONS_PORT/);
  });
});
