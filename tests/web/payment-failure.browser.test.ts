// Razorpay Checkout as the customer meets it: a payment that fails in the modal leaves the modal
// open and the order payable; paying again succeeds, once. Closing the modal keeps the order, and
// Pay Now reopens the same one (no second order, no second Razorpay order).
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { customerToken } from '../support/tokens';
import { addToCart, openShop, orderIdOf, payNow } from '../support/web-pages';
import { type WebTestSystem, startWebTestSystem } from '../support/web-system';

jest.setTimeout(120_000);

describe('paying in the Razorpay modal', () => {
  let sys: WebTestSystem;
  let browser: Browser;
  /** The customer's orders, as the order service lists them. */
  const ordersOf = async (customerId: string) => {
    const res = await fetch(`${sys.url}/api/v1/orders`, {
      headers: { authorization: `Bearer ${await customerToken(customerId)}` },
    });
    return (
      (await res.json()) as { orders: Array<{ orderId: string; status: string; paymentProviderOrderId: string }> }
    ).orders;
  };
  const eventsOf = (razorpayOrderId: string) =>
    sys.system
      .sim!.webhookEvents()
      .filter((e) => e.orderId === razorpayOrderId)
      .map((e) => e.event);

  beforeAll(async () => {
    [sys, browser] = await Promise.all([startWebTestSystem(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  it('a payment failed in the modal, then paid: the modal stays open for the retry, and the order is placed once', async () => {
    const shop = await openShop(browser, sys.url, 'customer-meera');
    await addToCart(shop.page, 'idli-plate', 3);
    const modal = await payNow(shop.page);

    await modal.getByRole('button', { name: 'Simulate a failed payment' }).click();
    await modal.getByRole('alert').filter({ hasText: 'Payment failed' }).waitFor();
    await shop.page.getByTestId('payment-failed').waitFor(); // the page heard Checkout's payment.failed
    const [order] = await ordersOf('customer-meera');
    expect(order!.status).toBe('CHECKOUT');
    expect(eventsOf(order!.paymentProviderOrderId)).toEqual(['payment.failed']);

    await modal.getByRole('button', { name: 'Retry payment' }).click();
    const orderId = await orderIdOf(shop.page);
    expect(orderId).toBe(order!.orderId);
    await shop.page.locator('[data-testid=order][data-status=PENDING_VENDOR_ACCEPTANCE]').waitFor({ timeout: 10_000 });
    const steps = await shop.page
      .locator('[data-testid=timeline] [data-step]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-step')));
    expect(steps.indexOf('PAYMENT_ATTEMPT_FAILED')).toBeGreaterThan(-1);
    expect(steps.indexOf('PAYMENT_ATTEMPT_FAILED')).toBeLessThan(steps.indexOf('PAYMENT_CONFIRMED'));
    expect(eventsOf(order!.paymentProviderOrderId).filter((e) => e === 'payment.captured')).toHaveLength(1);
    expect(await ordersOf('customer-meera')).toHaveLength(1);
    await shop.context.close();
  });

  it('closing the modal calls ondismiss: the order waits unpaid, and Pay Now reopens the same order', async () => {
    const shop = await openShop(browser, sys.url, 'customer-kabir');
    await addToCart(shop.page, 'toor-dal-1kg', 2);
    let modal = await payNow(shop.page);
    await modal.getByRole('button', { name: 'Cancel payment' }).click();
    await shop.page.getByTestId('checkout-notice').filter({ hasText: 'Payment not completed' }).waitFor();
    expect(await shop.page.locator('iframe[data-razorpay-checkout]').count()).toBe(0);
    const [first] = await ordersOf('customer-kabir');
    expect(first!.status).toBe('CHECKOUT');

    modal = await payNow(shop.page);
    await modal.getByText(first!.paymentProviderOrderId).waitFor();
    await modal.locator('#pay').click();
    expect(await orderIdOf(shop.page)).toBe(first!.orderId);
    await shop.page.locator('[data-testid=order][data-status=PENDING_VENDOR_ACCEPTANCE]').waitFor({ timeout: 10_000 });
    expect(await ordersOf('customer-kabir')).toHaveLength(1);

    // The handler's fields were verified by the order service: a forged signature changes nothing.
    const forged = await fetch(`${sys.url}/api/v1/orders/${first!.orderId}/payment`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await customerToken('customer-kabir')}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        razorpay_payment_id: 'pay_forged000000',
        razorpay_order_id: first!.paymentProviderOrderId,
        razorpay_signature: '0'.repeat(64),
      }),
    });
    expect(forged.status).toBe(400);
    await shop.context.close();
  });
});
