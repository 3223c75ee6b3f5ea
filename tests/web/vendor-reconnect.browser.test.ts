// The vendor's dashboard loses its network and comes back: it shows that it is reconnecting,
// then catches up on what was paid meanwhile, each order once (one card, one sound), and
// acknowledges what it showed, so the next connection replays nothing.
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { until } from '../support/until';
import { type NetworkSwitch, networkSwitch } from '../support/network-switch';
import { beepsOf, openVendorDashboard, vendorCard } from '../support/web-pages';
import { type WebTestSystem, startWebTestSystem } from '../support/web-system';

jest.setTimeout(120_000);

describe('the vendor dashboard offline, then back', () => {
  let sys: WebTestSystem;
  let browser: Browser;
  let plug: NetworkSwitch;

  /** A customer checks out and pays on Razorpay (the API, not the shop: the dashboard is under test). */
  const placeOrder = async (productId: string, quantity: number) => {
    const { body } = await sys.system.checkout([{ productId, quantity }]);
    await sys.system.sim!.pay(body.paymentIntent.paymentProviderOrderId, { outcome: 'captured' });
    return body.orderId as string;
  };
  const unacknowledged = async () =>
    (
      await sys.system.sql<{ n: number }>(
        "select count(*)::int as n from notifications.notifications where vendor_id = 'vendor-udupi-kitchen' and acked_at is null",
      )
    )[0]!.n;
  const socketState = (page: import('playwright-core').Page, state: string) =>
    page.locator(`[data-testid=socket-state][data-state=${state}]`);

  beforeAll(async () => {
    [sys, browser] = await Promise.all([startWebTestSystem(), launchChromium()]);
    plug = await networkSwitch(sys.url);
  });
  afterAll(async () => {
    await plug?.close();
    await browser?.close();
    await sys?.close();
  });

  it('shows the socket reconnecting, then catches up on the orders paid meanwhile, each once, and acknowledges them', async () => {
    const { page, context } = await openVendorDashboard(browser, plug.url, 'vendor-udupi-kitchen');
    const before = await placeOrder('masala-dosa', 1);
    await vendorCard(page, before).waitFor();
    expect(await beepsOf(page)).toBe(1);

    await plug.unplug();
    await socketState(page, 'reconnecting').waitFor();
    const whileAway = [await placeOrder('filter-coffee', 2), await placeOrder('idli-plate', 1)];
    // Both are placed and their notifications stored while the dashboard is away.
    expect(await until(unacknowledged, (n) => n === 2, 10_000)).toBe(2);
    expect(await vendorCard(page, whileAway[0]!).count()).toBe(0);

    await plug.plug();
    await socketState(page, 'connected').waitFor({ timeout: 15_000 });
    for (const orderId of whileAway) await vendorCard(page, orderId).waitFor({ timeout: 5000 });
    await page.getByTestId('new-order-banner').waitFor();

    const cards = async () =>
      page
        .locator('[data-testid=waiting] [data-order]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-order')));
    expect((await cards()).sort()).toEqual([before, ...whileAway].sort());
    expect(await beepsOf(page)).toBe(2); // one cue for the catch-up, none for what was already shown
    expect(await page.getByTestId('waiting-count').innerText()).toBe('3');
    expect(await until(unacknowledged, (n) => n === 0, 5000)).toBe(0);

    // Once more: everything was acknowledged, so the next connection brings nothing twice.
    await plug.unplug();
    await socketState(page, 'reconnecting').waitFor();
    const queueRead = page.waitForResponse(
      (r) => r.url().includes('/api/v1/vendor/orders?status=PENDING_VENDOR_ACCEPTANCE') && r.ok(),
      { timeout: 20_000 },
    );
    await plug.plug();
    await socketState(page, 'connected').waitFor({ timeout: 15_000 });
    await queueRead;
    await page.waitForTimeout(500); // a replayed frame would have arrived by now (it comes before the pong)
    expect((await cards()).sort()).toEqual([before, ...whileAway].sort());
    expect(await beepsOf(page)).toBe(2);
    await context.close();
  });
});
