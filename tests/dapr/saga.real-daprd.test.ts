// The whole saga next to real daprd: every service in its own process with its own sidecar, on
// the shipped components and resiliency. Invocation goes by app id through the sidecars (sqlite
// name resolution), events through Redis Streams and daprd's deliveries.
import { type RealDaprSystem, startRealDaprSystem } from '../support/real-dapr-system';
import { vendorToken } from '../support/tokens';
import { until } from '../support/until';
import { openVendorSocket } from '../support/vendor-socket';

describe('the saga on real daprd', () => {
  let system: RealDaprSystem;
  beforeAll(async () => {
    system = await startRealDaprSystem();
    await system.addProduct({ productId: 'rd-dosa', vendorId: 'vendor-rd', price: 11000, stock: 10 });
  }, 120_000);
  afterAll(() => system?.close(), 30_000);

  it('goes from checkout to the vendor frame, the stock sold and the order placed', async () => {
    const vendor = await openVendorSocket(system.urls.notifications, await vendorToken('vendor-rd'));
    const { status, body } = await system.checkout([{ productId: 'rd-dosa', quantity: 3 }]);
    expect(status).toBe(200);
    await system.sim.pay(body.paymentIntent.paymentProviderOrderId, { outcome: 'captured' });
    const frame = await vendor.next((f) => f.event === 'new_order' && f.data?.orderId === body.orderId, 15_000).catch((err) => {
      throw new Error(`${(err as Error).message}\n${system.logs()}`);
    });
    expect(frame.data).toMatchObject({ orderId: body.orderId, vendorId: 'vendor-rd', amount: 33000 });
    await vendor.close();
    const [order] = await system.sql<{ status: string }>('select status from orders.orders where order_id = $1', [body.orderId]);
    expect(order!.status).toBe('PENDING_VENDOR_ACCEPTANCE');
    // catalog turns the hold into a sale when OrderPlaced reaches it through its own sidecar.
    expect(await until(() => system.stockOf('rd-dosa'), (s) => s.stock === 7, 10_000, 100)).toEqual({ stock: 7, reserved: 0 });
  }, 60_000);
});
