// `npm start` on a fresh clone: no DATABASE_URL, so every service gets an embedded PGlite; the
// system migrates, seeds the demo catalog and runs whole sagas, several at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@saga/dev-harness';
import { type ChildHandle, childProcess } from '../support/child-process';
import { customerToken, vendorToken } from '../support/tokens';
import { until } from '../support/until';
import { openVendorSocket } from '../support/vendor-socket';

describe('npm start without a database server (PGlite)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saga-pglite-'));
  const urls = {} as Record<'order' | 'catalog' | 'payments' | 'notifications' | 'sim' | 'web', string>;
  let system: ChildHandle;

  beforeAll(async () => {
    const env: Record<string, string> = {
      DATABASE_URL: '',
      RAZORPAY_API_URL: '',
      PGLITE_DIR: dataDir,
      HOST: '127.0.0.1',
    };
    for (const name of ['order', 'catalog', 'payments', 'notifications', 'sim', 'web'] as const) {
      const port = await freePort();
      urls[name] = `http://127.0.0.1:${port}`;
      env[name === 'sim' ? 'RAZORPAY_SIM_PORT' : `${name.toUpperCase()}_PORT`] = String(port);
    }
    system = childProcess(
      'tools/start-embedded.ts',
      env,
      [urls.order, urls.catalog, urls.payments, urls.notifications],
      90_000,
    );
    await system.start();
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the shop and the vendor dashboard, and prints their URLs', async () => {
    // The web server starts once the services are up (and the pages are built, on a fresh clone).
    await until(
      () =>
        fetch(urls.web).then(
          (r) => r.ok,
          () => false,
        ),
      (ok) => ok,
      60_000,
    );
    for (const page of ['/', '/vendor']) {
      const res = await fetch(`${urls.web}${page}`);
      expect({ page, status: res.status, html: (await res.text()).includes('<div id="root">') }).toEqual({
        page,
        status: 200,
        html: true,
      });
    }
    expect(system.output()).toContain(`Shop (customer)    ${urls.web}/`);
    expect(system.output()).toContain(`Vendor dashboard   ${urls.web}/vendor`);
    const config = (await (await fetch(`${urls.web}/config.json`)).json()) as { razorpayCheckoutUrl: string };
    expect(config.razorpayCheckoutUrl).toBe(`${urls.sim}/v1/checkout.js`);
  });

  it('seeds the demo catalog and completes concurrent sagas to the vendor frame', async () => {
    const products = (await (await fetch(`${urls.catalog}/api/v1/products`)).json()) as Array<{
      productId: string;
      vendorId: string;
    }>;
    expect(new Set(products.map((p) => p.vendorId)).size).toBeGreaterThanOrEqual(2);
    const vendor = await openVendorSocket(urls.notifications, await vendorToken('vendor-udupi-kitchen'));
    const token = await customerToken('pglite-customer');
    const orderIds = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const res = await fetch(`${urls.order}/api/v1/orders/checkout`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ cartItems: [{ productId: i % 2 ? 'dosa-masala' : 'filter-coffee', quantity: 1 }] }),
        });
        expect(res.status).toBe(200);
        const body = (await res.json()) as { orderId: string; paymentIntent: { paymentProviderOrderId: string } };
        const paid = await fetch(`${urls.sim}/_sim/orders/${body.paymentIntent.paymentProviderOrderId}/pay`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"outcome":"captured"}',
        });
        expect(paid.status).toBe(200);
        return body.orderId;
      }),
    );
    for (const orderId of orderIds)
      await vendor.next((f) => f.event === 'new_order' && f.data?.orderId === orderId, 20_000);
    for (const orderId of orderIds) {
      const order = (await (
        await fetch(`${urls.order}/api/v1/orders/${orderId}`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { status: string };
      expect(order.status).toBe('PENDING_VENDOR_ACCEPTANCE');
    }
    await vendor.close();
    expect(system.output()).not.toMatch(/"level":50/);
  }, 60_000);
});
