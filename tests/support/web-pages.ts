// The steps a person takes on the two pages, written once for the browser tests: sign in, fill
// the cart, pay in Razorpay's modal, answer an order. Every locator is what a person sees (a
// label, a button's text) or a data-testid the pages keep for exactly this.
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';

/** Counts the dashboard's beeps: every tone it plays starts an oscillator (runs in the page). */
const COUNT_BEEPS = `
  window.__oscillators = 0;
  const original = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () {
    window.__oscillators += 1;
    return original.call(this);
  };
`;

export interface Opened {
  context: BrowserContext;
  page: Page;
}

/** Set up before the page loads (routes a test answers itself). */
type Prepare = (context: BrowserContext) => Promise<void>;

export async function openVendorDashboard(
  browser: Browser,
  url: string,
  vendorId: string,
  prepare?: Prepare,
): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await prepare?.(context);
  const page = await context.newPage();
  await page.addInitScript({ content: COUNT_BEEPS });
  await page.goto(`${url}/vendor`);
  await page.getByLabel('Store').selectOption(vendorId);
  await page.getByRole('button', { name: 'Open dashboard' }).click();
  await page.locator('[data-testid=socket-state][data-state=connected]').waitFor();
  return { context, page };
}

/** Two tones per beep (beep.ts). */
export const beepsOf = async (page: Page) => ((await page.evaluate('window.__oscillators')) as number) / 2;

export async function openShop(browser: Browser, url: string, customerId: string, prepare?: Prepare): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await prepare?.(context);
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Customer id').fill(customerId);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByTestId('cart').waitFor();
  return { context, page };
}

const product = (page: Page, productId: string) => page.locator(`[data-product="${productId}"]`);

export async function addToCart(page: Page, productId: string, quantity = 1): Promise<void> {
  await product(page, productId).getByRole('button', { name: 'Add' }).click();
  for (let i = 1; i < quantity; i++)
    await product(page, productId)
      .getByRole('button', { name: /One more/ })
      .click();
  await page
    .locator(`[data-testid=cart] [data-line="${productId}"] .qty`)
    .filter({ hasText: String(quantity) })
    .waitFor();
}

export function checkoutModal(page: Page): FrameLocator {
  return page.frameLocator('iframe[data-razorpay-checkout]');
}

export async function payNow(page: Page): Promise<FrameLocator> {
  await page.getByRole('button', { name: 'Pay Now' }).click();
  const modal = checkoutModal(page);
  await modal.locator('#pay').waitFor();
  return modal;
}

/** The order page the shop went to after paying; its order id. */
export async function orderIdOf(page: Page): Promise<string> {
  await page.waitForURL(/\/orders\/[^/]+$/);
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
}

export const vendorCard = (page: Page, orderId: string) =>
  page.locator(`[data-testid=waiting] [data-order="${orderId}"]`);
