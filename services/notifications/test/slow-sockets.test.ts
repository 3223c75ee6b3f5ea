import { vendorToken } from '../../../tests/support/tokens';
import { startTestSystem, type TestSystem } from '../../../tests/support/test-system';
import { ORDER_EVENTS, metricValue, orderPlaced } from './support/orders';
import { VendorClient } from './support/vendor-client';

const BUFFER_LIMIT = 256 * 1024;
/** About 60 KB per frame: a few dozen fill the loopback TCP buffers of a socket that stopped reading. */
const bigOrder = (vendorId: string) => orderPlaced(vendorId, { items: 50, nameLength: 1200 });

describe('a vendor socket that stops reading', () => {
  let system: TestSystem;
  const connect = async (vendorId: string) =>
    VendorClient.connect(system.urls.notifications, await vendorToken(vendorId));
  const slowDrops = () =>
    metricValue(system.urls.notifications, 'notifications_sockets_dropped_total', { reason: 'slow' });

  beforeAll(async () => {
    system = await startTestSystem({ env: { NOTIFICATIONS_WS_MAX_BUFFERED_BYTES: String(BUFFER_LIMIT) } });
  });
  afterAll(() => system.close());

  it("does not delay another vendor's frame, is dropped past the buffer limit, and gets its whole backlog on reconnect", async () => {
    const slow = await connect('vendor-slow');
    const fast = await connect('vendor-fast');
    slow.ws.pause();

    // Stall the slow socket: its frames pile up in TCP buffers, then in the server's.
    const stalled = [];
    for (let i = 0; i < 40; i++) {
      const event = bigOrder('vendor-slow');
      stalled.push(event);
      await system.hub.publish(ORDER_EVENTS, event);
    }
    const fastOrder = orderPlaced('vendor-fast');
    const started = Date.now();
    await system.hub.publish(ORDER_EVENTS, fastOrder);
    await fast.waitForOrder(fastOrder.payload.orderId);
    expect(Date.now() - started).toBeLessThan(500);

    // Keep ordering until the server gives up on the slow socket (bounded: a bug fails, not loops).
    for (let i = 0; (await slowDrops()) === 0; i++) {
      if (i === 400) throw new Error('the slow socket was never dropped');
      const event = bigOrder('vendor-slow');
      stalled.push(event);
      await system.hub.publish(ORDER_EVENTS, event);
    }
    slow.ws.resume();
    await slow.closed;

    // Reconnected, it gets everything it never acknowledged, oldest first, paced under the limit.
    const back = await connect('vendor-slow');
    await back.waitForOrder(stalled[stalled.length - 1]!.payload.orderId, 0, 15_000);
    await back.roundTrip();
    expect(back.newOrders.map((f) => f.data?.orderId)).toEqual(stalled.map((e) => e.payload.orderId));
    expect(await slowDrops()).toBe(1);
    await Promise.all([back.close(), fast.close()]);
  });
});
