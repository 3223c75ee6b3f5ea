import { vendorToken } from '../../../tests/support/tokens';
import { startTestSystem, type TestSystem } from '../../../tests/support/test-system';
import { metricValue } from './support/orders';
import { VendorClient } from './support/vendor-client';

describe('heartbeats', () => {
  let system: TestSystem;
  const connect = async (vendorId: string, autoPong = true) =>
    VendorClient.connect(system.urls.notifications, await vendorToken(vendorId), { autoPong });
  const openSockets = () => metricValue(system.urls.notifications, 'notifications_open_sockets');

  beforeAll(async () => {
    system = await startTestSystem({ env: { NOTIFICATIONS_WS_HEARTBEAT_SECONDS: '0.1' } });
  });
  afterAll(() => system.close());

  it('when a socket stops answering pings, then the server cuts it and keeps the live ones', async () => {
    const live = await connect('vendor-live');
    const dead = await connect('vendor-dead', false);
    expect(await openSockets()).toBe(2);
    let pings = 0;
    const threePings = new Promise<void>((resolve) => live.ws.on('ping', () => ++pings === 3 && resolve()));

    const { code } = await dead.closed;
    await threePings;

    expect(code).toBe(1006); // terminated, no close handshake
    expect(live.ws.readyState).toBe(live.ws.OPEN);
    expect(
      await metricValue(system.urls.notifications, 'notifications_sockets_dropped_total', { reason: 'dead' }),
    ).toBe(1);
    expect(await openSockets()).toBe(1);
    await live.close();
  });
});
