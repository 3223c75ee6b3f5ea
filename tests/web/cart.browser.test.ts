// The shop's cart is the order service's (the Dapr state store behind it): it survives a reload,
// shows in a second tab, keeps both tabs' changes when one writes on a stale ETag, holds one
// store's items only, and is empty once its order is placed.
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { customerToken } from '../support/tokens';
import { until } from '../support/until';
import { addToCart, openShop, orderIdOf, payNow } from '../support/web-pages';
import { type WebTestSystem, startWebTestSystem } from '../support/web-system';

jest.setTimeout(120_000);

describe("the shop's cart", () => {
  let sys: WebTestSystem;
  let browser: Browser;

  /** The cart as the order service keeps it. */
  const storedCart = async (customerId: string) => {
    const res = await fetch(`${sys.url}/api/v1/cart`, {
      headers: { authorization: `Bearer ${await customerToken(customerId)}` },
    });
    const { items } = (await res.json()) as { items: Array<{ productId: string; quantity: number }> };
    return Object.fromEntries(items.map((i) => [i.productId, i.quantity]));
  };
  /** The cart as the page shows it. */
  const shownCart = (page: Page) =>
    page
      .locator('[data-testid=cart] [data-line]')
      .evaluateAll((els) =>
        Object.fromEntries(els.map((e) => [e.getAttribute('data-line'), Number(e.querySelector('.qty')?.textContent)])),
      );
  const waitForCart = async (page: Page, expected: Record<string, number>) => {
    const shown = await until(
      () => shownCart(page),
      (c) => JSON.stringify(c) === JSON.stringify(expected),
      10_000,
    );
    expect(shown).toEqual(expected);
  };

  beforeAll(async () => {
    [sys, browser] = await Promise.all([startWebTestSystem(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  it("survives a reload, shows in a second tab, and keeps both tabs' changes when one writes on a stale ETag", async () => {
    const { page, context } = await openShop(browser, sys.url, 'customer-nila');
    await addToCart(page, 'masala-dosa', 2);
    await until(
      () => storedCart('customer-nila'),
      (c) => c['masala-dosa'] === 2,
      5000,
    );
    await page.getByText('Your cart is saved to your account.').waitFor();

    await page.reload();
    await waitForCart(page, { 'masala-dosa': 2 });

    const second = await context.newPage();
    await second.goto(sys.url);
    await waitForCart(second, { 'masala-dosa': 2 });
    await addToCart(second, 'filter-coffee', 1);
    await until(
      () => storedCart('customer-nila'),
      (c) => c['filter-coffee'] === 1,
      5000,
    );

    // The first tab still holds the first ETag: its write is refused (412), read again, and re-applied.
    const writes: number[] = [];
    page.on(
      'response',
      (r) => r.request().method() === 'PUT' && r.url().endsWith('/api/v1/cart') && writes.push(r.status()),
    );
    await page
      .locator('[data-product="masala-dosa"]')
      .getByRole('button', { name: /One more/ })
      .click();
    const stored = await until(
      () => storedCart('customer-nila'),
      (c) => c['masala-dosa'] === 3,
      5000,
    );
    expect(stored).toEqual({ 'masala-dosa': 3, 'filter-coffee': 1 });
    // The store can hold the write before the page has seen its answer: wait for the page's side too.
    expect(
      await until(
        async () => [...writes],
        (w) => w.length >= 2,
        5000,
      ),
    ).toEqual([412, 200]);
    await waitForCart(page, { 'masala-dosa': 3, 'filter-coffee': 1 });
    await second.reload();
    await waitForCart(second, { 'masala-dosa': 3, 'filter-coffee': 1 });
    await context.close();
  });

  it("holds one store's items: another store's item asks first, and starting over keeps only it", async () => {
    const { page, context } = await openShop(browser, sys.url, 'customer-dev');
    await addToCart(page, 'masala-dosa', 1);
    await page.locator('[data-product="toor-dal-1kg"]').getByRole('button', { name: 'Add' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Your cart has items from Udupi Kitchen').waitFor();
    await dialog.getByRole('button', { name: 'Keep my cart' }).click();
    await waitForCart(page, { 'masala-dosa': 1 });

    await page.locator('[data-product="toor-dal-1kg"]').getByRole('button', { name: 'Add' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Start a new cart' }).click();
    await waitForCart(page, { 'toor-dal-1kg': 1 });
    expect(
      await until(
        () => storedCart('customer-dev'),
        (c) => c['toor-dal-1kg'] === 1 && !c['masala-dosa'],
        5000,
      ),
    ).toEqual({ 'toor-dal-1kg': 1 });
    await context.close();
  });

  it('is empty once its order is placed, on the server and in the shop', async () => {
    const { page, context } = await openShop(browser, sys.url, 'customer-isha');
    await addToCart(page, 'idli-plate', 2);
    const modal = await payNow(page);
    await modal.locator('#pay').click();
    const orderId = await orderIdOf(page);
    await page.locator('[data-testid=order][data-status=PENDING_VENDOR_ACCEPTANCE]').waitFor({ timeout: 10_000 });
    expect(
      await until(
        () => storedCart('customer-isha'),
        (c) => Object.keys(c).length === 0,
        10_000,
      ),
    ).toEqual({});

    await page.getByRole('link', { name: 'Back to the shop' }).click();
    await page.getByText('Your cart is empty').waitFor();
    await page.locator('.my-orders').getByText(orderId.slice(0, 8).toUpperCase()).waitFor();
    await context.close();
  });
});
