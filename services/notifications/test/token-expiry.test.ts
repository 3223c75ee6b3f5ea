// A vendor socket is authorised once, at the upgrade; it must not outlive the token it was opened
// with. When the token expires the server closes it (4001); the dashboard reconnects with a fresh
// token and gets what it had not acknowledged again (redelivery-on-reconnect.test.ts).
import { TEST_JWT_SECRET, signDevToken, vendorToken } from '../../../tests/support/tokens';
import { startTestSystem, type TestSystem } from '../../../tests/support/test-system';
import { TOKEN_EXPIRED_CLOSE_CODE } from '../src/ws/vendor-sockets';
import { VendorClient } from './support/vendor-client';

describe('vendor socket and token expiry', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  it('when the token expires, then the server closes the socket with 4001, and a socket with a longer-lived token stays open', async () => {
    const shortLived = await signDevToken(
      TEST_JWT_SECRET,
      { sub: 'vendor-user-short', role: 'vendor', vendorId: 'vendor-expiring' },
      { expiresIn: '2s' },
    );
    const opened = Date.now();
    const expiring = await VendorClient.connect(system.urls.notifications, shortLived);
    const lasting = await VendorClient.connect(system.urls.notifications, await vendorToken('vendor-expiring'));

    const { code } = await expiring.closed;
    // jose rounds the expiry to whole seconds: at least 1 s after the upgrade, at most the 2 s asked for (plus slack).
    expect(code).toBe(TOKEN_EXPIRED_CLOSE_CODE);
    expect(Date.now() - opened).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - opened).toBeLessThan(4000);
    expect(lasting.ws.readyState).toBe(lasting.ws.OPEN);
    await lasting.close();
  });
});
