// The embedded system on free ports with the web pages served in front of it (as `npm start`
// does), and a demo catalog of two stores: what the browser tests run against.
import path from 'node:path';
import { DEV_SECRETS } from '@saga/runtime';
import { WEB_DIST_DIR, ensureWebBuild } from '../../tools/web/build-web';
import { type RunningWebServer, startWebServer } from '../../tools/web/web-server';
import { RAZORPAY_CHECKOUT_JS } from '../../tools/web/web-config';
import { type TestSystem, startTestSystem } from './test-system';

export interface WebTestSystem {
  system: TestSystem;
  web: RunningWebServer;
  url: string;
  close(): Promise<void>;
}

export const SCREENSHOTS_DIR = path.resolve(__dirname, '../../docs/screenshots');

export async function startWebTestSystem(env: Record<string, string> = {}): Promise<WebTestSystem> {
  const [system] = await Promise.all([startTestSystem({ env }), ensureWebBuild()]);
  try {
    await system.addProduct({
      productId: 'masala-dosa',
      vendorId: 'vendor-udupi-kitchen',
      name: 'Masala Dosa',
      price: 12000,
      stock: 200,
    });
    await system.addProduct({
      productId: 'filter-coffee',
      vendorId: 'vendor-udupi-kitchen',
      name: 'Filter Coffee',
      price: 4000,
      stock: 500,
    });
    await system.addProduct({
      productId: 'idli-plate',
      vendorId: 'vendor-udupi-kitchen',
      name: 'Idli (2 pcs) with sambar',
      price: 6000,
      stock: 300,
    });
    await system.addProduct({
      productId: 'alphonso-1doz',
      vendorId: 'vendor-fresh-mart',
      name: 'Alphonso Mangoes (dozen)',
      price: 89900,
      stock: 10,
    });
    await system.addProduct({
      productId: 'toor-dal-1kg',
      vendorId: 'vendor-fresh-mart',
      name: 'Toor Dal 1 kg',
      price: 16500,
      stock: 120,
    });
    const web = await startWebServer({
      config: {
        port: 0,
        razorpayCheckoutUrl: system.sim?.url ? `${system.sim.url}/v1/checkout.js` : RAZORPAY_CHECKOUT_JS,
        devTokenSecret: DEV_SECRETS.JWT_SECRET,
      },
      distDir: WEB_DIST_DIR,
      services: system.urls,
      logger: system.logger,
      host: '127.0.0.1',
    });
    return {
      system,
      web,
      url: web.url,
      async close() {
        await web.close();
        await system.close();
      },
    };
  } catch (err) {
    await system.close();
    throw err;
  }
}
