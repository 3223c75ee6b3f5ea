import { CheckoutResponse } from '@saga/contracts';
import { startTestSystem, type TestSystem } from '../support/test-system';

describe('checkout in the embedded runtime', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
    await system.addProduct({ productId: 'paneer-tikka', vendorId: 'vendor-a', price: 25000, stock: 5 });
    await system.addProduct({ productId: 'naan', vendorId: 'vendor-a', price: 4000, stock: 100 });
  });
  afterAll(() => system.close());

  it('prices the cart from the catalog, holds the stock and returns a Razorpay payment intent', async () => {
    const res = await system.checkout([
      { productId: 'paneer-tikka', quantity: 2 },
      { productId: 'naan', quantity: 3 },
    ]);

    expect(res.status).toBe(200);
    const body = CheckoutResponse.parse(res.body);
    expect(body.amount).toBe(2 * 25000 + 3 * 4000);
    expect(body.vendorId).toBe('vendor-a');
    expect(body.paymentIntent.paymentProviderOrderId).toMatch(/^order_/);
    expect(body.paymentIntent.amount).toBe(body.amount);
    expect(await system.stockOf('paneer-tikka')).toEqual({ stock: 5, reserved: 2 });

    const rzpOrder = await fetch(`${system.urls.simulator}/v1/orders/${body.paymentIntent.paymentProviderOrderId}`, {
      headers: {
        authorization: `Basic ${Buffer.from('rzp_test_devkey000000:dev_key_secret_change_me').toString('base64')}`,
      },
    }).then((r) => r.json());
    expect(rzpOrder).toMatchObject({ amount: body.amount, currency: 'INR', receipt: body.orderId });

    const [order] = await system.sql<{ status: string; provider_order_id: string }>(
      'select status, provider_order_id from orders.orders where order_id = $1',
      [body.orderId],
    );
    expect(order).toEqual({ status: 'CHECKOUT', provider_order_id: body.paymentIntent.paymentProviderOrderId });
  });

  it('ignores a price sent by the client', async () => {
    const res = await system.checkout([{ productId: 'naan', quantity: 1, price: 1 }]);
    expect(res.status).toBe(200);
    expect(res.body.amount).toBe(4000);
  });
});
