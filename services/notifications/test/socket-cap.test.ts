// A cap on open sockets per vendor (one token once opened 2,000): past NOTIFICATIONS_WS_MAX_SOCKETS_PER_VENDOR
// (default 10) the upgrade is refused with 429 problem+json and Retry-After; the open sockets are
// left alone and keep getting orders; a slot frees when a socket closes; other vendors are unaffected.
import { customerToken, vendorToken } from '../../../tests/support/tokens';
import { startTestSystem, type TestSystem } from '../../../tests/support/test-system';
import { until } from '../../../tests/support/until';
import { loadNotificationsConfig } from '../src/config';
import { ORDER_EVENTS, metricValue, orderPlaced } from './support/orders';
import { type UpgradeRefusal, VendorClient } from './support/vendor-client';

const DEFAULT_CAP = 10;

describe('open sockets per vendor', () => {
  let system: TestSystem;
  const clients: VendorClient[] = [];
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await system.close();
  });

  async function attempt(vendorId: string): Promise<VendorClient | UpgradeRefusal> {
    const result = await VendorClient.attempt(system.urls.notifications, await vendorToken(vendorId));
    if (result instanceof VendorClient) clients.push(result);
    return result;
  }
  const opened = (results: Array<VendorClient | UpgradeRefusal>) =>
    results.filter((r): r is VendorClient => r instanceof VendorClient);

  it('when a vendor opens cap + 1 sockets at once, then cap are open and the last is refused with 429, and the open ones still get orders', async () => {
    const results = await Promise.all(Array.from({ length: DEFAULT_CAP + 1 }, () => attempt('vendor-capped')));

    const open = opened(results);
    const refused = results.filter((r) => !(r instanceof VendorClient));
    expect(open.length).toBe(DEFAULT_CAP);
    expect(refused).toHaveLength(1);
    const refusal = refused[0] as UpgradeRefusal;
    expect(refusal.status).toBe(429);
    expect(JSON.parse(refusal.body)).toMatchObject({
      status: 429,
      code: 'TOO_MANY_SOCKETS',
      detail: expect.stringContaining(`${DEFAULT_CAP} sockets`),
    });
    expect(Number(refusal.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(
      await metricValue(system.urls.notifications, 'notifications_sockets_refused_total', { reason: 'vendor_cap' }),
    ).toBe(1);

    // The open sockets were left alone: each gets the next order.
    const event = orderPlaced('vendor-capped');
    await system.hub.publish(ORDER_EVENTS, event);
    await Promise.all(open.map((c) => c.waitForOrder(event.payload.orderId)));
  });

  it('when one of them closes, then its slot is free again; another vendor is not limited by this one', async () => {
    expect(await attempt('vendor-capped')).toMatchObject({ status: 429 });
    const other = await attempt('vendor-uncapped');
    expect(other).toBeInstanceOf(VendorClient);

    const first = clients.find((c) => c !== other)!;
    await first.close();
    clients.splice(clients.indexOf(first), 1);
    // The server frees the slot as its side of the connection closes: poll the upgrade, never sleep.
    const reopened = await until(
      () => attempt('vendor-capped'),
      (r) => r instanceof VendorClient,
      5000,
      50,
    );
    expect(reopened).toBeInstanceOf(VendorClient);
  });

  it("caps a customer's sockets the same way, counted apart from a vendor of the same id", async () => {
    const asCustomer = async () => {
      const result = await VendorClient.attempt(system.urls.notifications, await customerToken('shared-id'));
      if (result instanceof VendorClient) clients.push(result);
      return result;
    };
    const results = await Promise.all(Array.from({ length: DEFAULT_CAP + 1 }, asCustomer));
    expect(opened(results)).toHaveLength(DEFAULT_CAP);
    const refusal = results.find((r) => !(r instanceof VendorClient)) as UpgradeRefusal;
    expect(JSON.parse(refusal.body)).toMatchObject({
      status: 429,
      code: 'TOO_MANY_SOCKETS',
      detail: expect.stringContaining('this customer'),
    });
    expect(
      await metricValue(system.urls.notifications, 'notifications_sockets_refused_total', { reason: 'customer_cap' }),
    ).toBe(1);
    expect(await attempt('shared-id')).toBeInstanceOf(VendorClient);
  });

  it('defaults the cap to 10, and a bad NOTIFICATIONS_WS_MAX_SOCKETS_PER_VENDOR stops the service naming it', () => {
    expect(loadNotificationsConfig({}).maxSocketsPerVendor).toBe(DEFAULT_CAP);
    expect(loadNotificationsConfig({ NOTIFICATIONS_WS_MAX_SOCKETS_PER_VENDOR: '3' }).maxSocketsPerVendor).toBe(3);
    expect(() => loadNotificationsConfig({ NOTIFICATIONS_WS_MAX_SOCKETS_PER_VENDOR: '0' })).toThrow(
      /NOTIFICATIONS_WS_MAX_SOCKETS_PER_VENDOR/,
    );
    expect(() => loadNotificationsConfig({ NOTIFICATIONS_WS_MAX_SOCKETS_PER_VENDOR: 'many' })).toThrow(
      /NOTIFICATIONS_WS_MAX_SOCKETS_PER_VENDOR/,
    );
  });
});
