// The pages against a server without the newer routes (an order service from before the vendor's
// answer and the cart, or an Ingress that does not route them): they say what is missing and keep
// doing the rest, instead of breaking. The missing routes are answered 404 at the browser's edge.
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { addToCart, openShop, openVendorDashboard, vendorCard } from '../support/web-pages';
import { type WebTestSystem, startWebTestSystem } from '../support/web-system';

jest.setTimeout(120_000);

const notFound = {
  status: 404,
  contentType: 'application/problem+json',
  body: JSON.stringify({ status: 404, code: 'NOT_FOUND', detail: 'No route' }),
};

describe('the pages on a server without the newer routes', () => {
  let sys: WebTestSystem;
  let browser: Browser;

  beforeAll(async () => {
    [sys, browser] = await Promise.all([startWebTestSystem(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  it('the dashboard without the vendor queue: says it cannot take answers, hides Accept and Reject, still shows new orders', async () => {
    const { page, context } = await openVendorDashboard(browser, sys.url, 'vendor-udupi-kitchen', async (c) => {
      await c.route('**/api/v1/vendor/orders**', (route) => route.fulfill(notFound));
    });
    await page.getByTestId('answers-unavailable').waitFor();
    const { body } = await sys.system.checkout([{ productId: 'masala-dosa', quantity: 1 }]);
    await sys.system.sim!.pay(body.paymentIntent.paymentProviderOrderId, { outcome: 'captured' });

    const card = vendorCard(page, body.orderId);
    await card.waitFor();
    expect(await card.getByRole('button', { name: 'Accept' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Reject' }).count()).toBe(0);
    await context.close();
  });

  it('the shop without the cart API: keeps the cart in the browser, across a reload', async () => {
    const { page, context } = await openShop(browser, sys.url, 'customer-older', async (c) => {
      await c.route('**/api/v1/cart', (route) => route.fulfill(notFound));
    });
    await addToCart(page, 'filter-coffee', 2);
    await page.getByText('Your cart is saved in this browser.').waitFor();
    await page.reload();
    await page.locator('[data-testid=cart] [data-line="filter-coffee"] .qty').filter({ hasText: '2' }).waitFor();
    await context.close();
  });
});
