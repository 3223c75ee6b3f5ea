// The two pages together, in a real browser (Debian's Chromium): a customer buys on the shop
// while the vendor's dashboard is open in another window; the order shows on the dashboard
// within 2 s of paying; the vendor accepts one order and rejects another, and the customer's
// order page shows each answer (and, for the rejection, the refund) without a reload.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { customerToken } from '../support/tokens';
import { until } from '../support/until';
import { addToCart, beepsOf, openShop, openVendorDashboard, orderIdOf, payNow, vendorCard } from '../support/web-pages';
import { SCREENSHOTS_DIR, type WebTestSystem, startWebTestSystem } from '../support/web-system';

jest.setTimeout(120_000);

describe('the shop and the vendor dashboard, in a browser', () => {
  let sys: WebTestSystem;
  let browser: Browser;
  const shot = (name: string) => path.join(SCREENSHOTS_DIR, name);
  const statusOf = async (orderId: string) =>
    (await sys.system.sql<{ status: string }>('select status from orders.orders where order_id = $1', [orderId]))[0]
      ?.status;

  beforeAll(async () => {
    [sys, browser] = await Promise.all([startWebTestSystem(), launchChromium()]);
    // One saga first, through the API, so the timed one below does not pay for cold code paths.
    const { body } = await sys.system.checkout([{ productId: 'toor-dal-1kg', quantity: 1 }]);
    await sys.system.sim!.pay(body.paymentIntent.paymentProviderOrderId, { outcome: 'captured' });
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  it("shows a new order on the vendor dashboard within 2 s of the customer paying, and the customer's page shows the vendor accepting it", async () => {
    const vendor = await openVendorDashboard(browser, sys.url, 'vendor-udupi-kitchen');
    await vendor.page.getByTestId('no-orders').waitFor();
    const shop = await openShop(browser, sys.url, 'customer-asha');
    await addToCart(shop.page, 'masala-dosa', 2);
    await addToCart(shop.page, 'filter-coffee', 1);
    await shop.page.getByTestId('cart-total').filter({ hasText: '₹280.00' }).waitFor();
    await shop.page.screenshot({ path: shot('shop.png') });

    const modal = await payNow(shop.page);
    await modal.getByText('₹280.00').first().waitFor();
    await shop.page.waitForTimeout(400); // the modal's rise, for the screenshot
    await shop.page.screenshot({ path: shot('checkout-modal.png') });
    await modal.locator('#pay').click();

    // The spec'd behaviour: the vendor sees the paid order within 2 s.
    const card = vendor.page.locator('[data-testid=waiting] [data-order]');
    await card.first().waitFor({ timeout: 2000 });
    const orderId = await orderIdOf(shop.page);
    expect(await card.getAttribute('data-order')).toBe(orderId);
    expect(await card.innerText()).toEqual(
      expect.stringMatching(/₹280\.00[\s\S]*2×\s*Masala Dosa[\s\S]*1×\s*Filter Coffee/),
    );
    await vendor.page.getByTestId('new-order-banner').waitFor();
    expect(await beepsOf(vendor.page)).toBe(1);
    await vendor.page.waitForTimeout(700); // the card's arrival animation, for the screenshot
    await vendor.page.screenshot({ path: shot('vendor-dashboard.png') });

    await shop.page.locator('[data-testid=order][data-status=PENDING_VENDOR_ACCEPTANCE]').waitFor({ timeout: 10_000 });
    await vendorCard(vendor.page, orderId).getByRole('button', { name: 'Accept' }).click();

    await shop.page.locator('[data-testid=order][data-status=ACCEPTED]').waitFor({ timeout: 10_000 });
    expect(await shop.page.getByTestId('vendor-answer').innerText()).toMatch(/Udupi Kitchen accepted your order/);
    await shop.page.locator('[data-testid=timeline] [data-step=ACCEPTED]').waitFor();
    expect(await statusOf(orderId)).toBe('ACCEPTED');
    await vendor.page.locator(`[data-testid=answered] [data-order="${orderId}"] [data-status=ACCEPTED]`).waitFor();
    await shop.page.waitForTimeout(500); // the newest step's fade-in, for the screenshot
    await shop.page.screenshot({ path: shot('order-accepted.png'), fullPage: true });
    await Promise.all([vendor.context.close(), shop.context.close()]);
  });

  it("shows the vendor's rejection, its reason and the refund on the customer's timeline", async () => {
    const vendor = await openVendorDashboard(browser, sys.url, 'vendor-fresh-mart');
    const shop = await openShop(browser, sys.url, 'customer-ravi');
    await addToCart(shop.page, 'alphonso-1doz', 1);
    const modal = await payNow(shop.page);
    await modal.locator('#pay').click();
    const orderId = await orderIdOf(shop.page);

    const card = vendorCard(vendor.page, orderId);
    await card.getByRole('button', { name: 'Reject' }).click();
    await card.getByLabel('Reason').selectOption('Out of stock');
    await card.getByRole('button', { name: 'Reject and refund' }).click();

    await shop.page.locator('[data-testid=order][data-status=REJECTED]').waitFor({ timeout: 10_000 });
    expect(await shop.page.getByTestId('vendor-answer').innerText()).toMatch(
      /Fresh Mart could not take your order — “Out of stock”/,
    );
    // The refund is Razorpay's: requested, then refunded, each a step of the timeline as it happens.
    await shop.page.locator('[data-testid=timeline] [data-step=REFUNDED]').waitFor({ timeout: 20_000 });
    expect(await shop.page.getByTestId('refund').innerText()).toMatch(/₹899\.00 has been refunded/);
    const steps = await shop.page
      .locator('[data-testid=timeline] [data-step]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-step')));
    expect(steps.slice(steps.indexOf('ORDER_PLACED'))).toEqual([
      'ORDER_PLACED',
      'REJECTED',
      'REFUND_REQUESTED',
      'REFUNDED',
    ]);
    await vendor.page.locator(`[data-testid=answered] [data-order="${orderId}"] [data-status=REJECTED]`).waitFor();
    await shop.page.waitForTimeout(500); // the newest step's fade-in, for the screenshot
    await shop.page.screenshot({ path: shot('order-rejected.png'), fullPage: true });

    // One refund at Razorpay, whatever the pages did.
    const token = await customerToken('customer-ravi');
    const order = await until(
      async () =>
        (await (
          await fetch(`${sys.url}/api/v1/orders/${orderId}`, { headers: { authorization: `Bearer ${token}` } })
        ).json()) as { status: string; paymentId: string },
      (o) => o.status === 'REJECTED',
      5000,
    );
    const refunds = sys.system
      .sim!.webhookEvents()
      .filter((e) => e.paymentId === order.paymentId && e.event === 'refund.processed');
    expect(refunds).toHaveLength(1);
    await Promise.all([vendor.context.close(), shop.context.close()]);
  });
});
