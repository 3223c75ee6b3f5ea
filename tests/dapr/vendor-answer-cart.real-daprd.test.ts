// Issue 15's server side next to real daprd (RUNTIME=dapr, each service with its own sidecar, the
// shipped components): the cart's ETags on the real state store (state.postgresql v2), checkout
// from the stored cart and its clearing once placed, the vendor's accept delivered as OrderAccepted
// through the sidecars to the customer's socket, the Checkout callback forwarded to payments by
// service invocation, and the state store's TTL under the adapter.
import { createHmac } from 'node:crypto';
import { DaprRuntime, createLogger } from '@saga/runtime';
import { call, orderApi } from '../support/order-api';
import { type RealDaprSystem, startRealDaprSystem } from '../support/real-dapr-system';
import { customerToken, vendorToken } from '../support/tokens';
import { until } from '../support/until';
import { openVendorSocket } from '../support/vendor-socket';

describe('the vendor answer and the cart on real daprd', () => {
  let system: RealDaprSystem;
  beforeAll(async () => {
    system = await startRealDaprSystem();
    await system.addProduct({ productId: 'rd-idli', vendorId: 'vendor-rd15', price: 6000, stock: 20 });
    await system.addProduct({ productId: 'rd-vada', vendorId: 'vendor-rd15', price: 4000, stock: 20 });
  }, 120_000);
  afterAll(() => system?.close(), 30_000);

  const withLogs = (err: unknown) => {
    throw new Error(`${(err as Error).message}\n${system.logs()}`);
  };

  it("keeps the cart with ETags on the state store, checks it out, clears it once placed, and tells the customer of the vendor's accept", async () => {
    const token = await customerToken('customer-rd15');
    const cartUrl = `${system.urls.order}/api/v1/cart`;
    const put = (body: unknown, ifMatch?: string) =>
      call(cartUrl, 'PUT', token, body, ifMatch ? { 'if-match': ifMatch } : {});

    const first = await put({ items: [{ productId: 'rd-idli', quantity: 1 }] });
    expect(first.status).toBe(200);
    expect(first.body.etag).toMatch(/^[0-9a-f-]{36}$/); // PostgreSQL v2's ETags are UUIDs
    const second = await put(
      {
        items: [
          { productId: 'rd-idli', quantity: 2 },
          { productId: 'rd-vada', quantity: 1 },
        ],
      },
      first.headers.get('etag')!,
    );
    expect(second.status).toBe(200);
    expect((await put({ items: [] }, first.headers.get('etag')!)).body).toMatchObject({
      status: 412,
      code: 'CART_CHANGED',
    });
    expect((await put({ items: [] }, '"17"')).body).toMatchObject({ status: 412, code: 'CART_CHANGED' });
    expect((await call(cartUrl, 'DELETE', token, undefined, { 'if-match': first.body.etag })).status).toBe(412);
    expect((await call(cartUrl, 'GET', token)).body).toEqual(second.body);

    const customerSocket = await openVendorSocket(system.urls.notifications, token);
    const checkout = await system.checkout(undefined, { token, rawBody: '{}' });
    expect(checkout.status).toBe(200);
    expect(checkout.body.amount).toBe(2 * 6000 + 4000);
    await system.sim.pay(checkout.body.paymentIntent.paymentProviderOrderId, { outcome: 'captured' });
    const orderId: string = checkout.body.orderId;
    await customerSocket
      .next((f) => f.event === 'order_status' && f.data?.orderId === orderId && f.data?.change === 'placed', 20_000)
      .catch(withLogs);
    const cleared = await until(
      () => call(cartUrl, 'GET', token),
      (r) => r.body.items?.length === 0,
      10_000,
      200,
    );
    expect(cleared.body).toMatchObject({ items: [], etag: null });

    const vendor = await vendorToken('vendor-rd15');
    const accepted = await orderApi(system.urls.order).accept(orderId, vendor);
    expect(accepted.body).toMatchObject({ orderId, status: 'ACCEPTED' });
    expect((await orderApi(system.urls.order).accept(orderId, vendor)).body).toEqual(accepted.body);
    const frame = await customerSocket
      .next((f) => f.event === 'order_status' && f.data?.orderId === orderId && f.data?.change === 'accepted', 20_000)
      .catch(withLogs);
    expect(frame.data).toMatchObject({ status: 'ACCEPTED', vendorId: 'vendor-rd15' });
    customerSocket.ack(frame.id!);
    await customerSocket.close();
    const [row] = await system.sql<{ n: number }>(
      `select count(*)::int as n from orders.outbox where event::jsonb @> $1::jsonb`,
      [JSON.stringify({ eventType: 'OrderAccepted', payload: { orderId } })],
    );
    expect(row).toEqual({ n: 1 });
  }, 90_000);

  it('confirms a payment from the Checkout callback, forwarded to payments through the sidecars, and places the order once', async () => {
    const token = await customerToken('customer-rd15-callback');
    const checkout = await system.checkout([{ productId: 'rd-vada', quantity: 1 }], { token });
    const rzpOrderId: string = checkout.body.paymentIntent.paymentProviderOrderId;
    const payment = await system.sim.pay(rzpOrderId, { outcome: 'captured', webhook: false });
    const fields = {
      razorpay_payment_id: payment.id,
      razorpay_order_id: rzpOrderId,
      razorpay_signature: createHmac('sha256', 'dev_key_secret_change_me')
        .update(`${rzpOrderId}|${payment.id}`)
        .digest('hex'),
    };
    const url = `${system.urls.order}/api/v1/orders/${checkout.body.orderId}/payment`;
    const answers = [await call(url, 'POST', token, fields), await call(url, 'POST', token, fields)];
    expect(answers.map((a) => [a.status, a.body.paymentStatus])).toEqual([
      [200, 'CAPTURED'],
      [200, 'CAPTURED'],
    ]);
    const forged = await call(url, 'POST', token, { ...fields, razorpay_signature: 'a'.repeat(64) });
    expect(forged.body).toMatchObject({
      status: 400,
      code: 'INVALID_PAYMENT_SIGNATURE',
      invalidParams: [{ name: 'razorpay_signature' }],
    });
    const status = async () =>
      (
        await system.sql<{ status: string }>('select status from orders.orders where order_id = $1', [
          checkout.body.orderId,
        ])
      )[0]?.status;
    expect(await until(status, (s) => s === 'PENDING_VENDOR_ACCEPTANCE', 15_000, 100)).toBe(
      'PENDING_VENDOR_ACCEPTANCE',
    );
    const [placed] = await system.sql<{ n: number }>(
      `select count(*)::int as n from orders.outbox where event::jsonb @> $1::jsonb`,
      [JSON.stringify({ eventType: 'OrderPlaced', payload: { orderId: checkout.body.orderId } })],
    );
    expect(placed).toEqual({ n: 1 });
  }, 60_000);

  it("lets the state store drop an entry after its TTL (the cart's CART_TTL_SECONDS)", async () => {
    const runtime = new DaprRuntime({
      appId: 'order',
      daprHost: '127.0.0.1',
      daprHttpPort: system.sidecars.order.httpPort,
      pubsubName: 'pubsub',
      stateStoreName: 'statestore',
      logger: createLogger({ level: 'silent' }),
    });
    try {
      await runtime.state.save('ttl-probe', { items: [] }, { ttlSeconds: 1 });
      expect(await runtime.state.get('ttl-probe')).toMatchObject({ value: { items: [] } });
      expect(
        await until(
          () => runtime.state.get('ttl-probe'),
          (v) => v === undefined,
          10_000,
          250,
        ),
      ).toBeUndefined();
    } finally {
      await runtime.close();
    }
  }, 30_000);
});
