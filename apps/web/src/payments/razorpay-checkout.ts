// Razorpay Checkout, loaded from the configured URL: the simulator's checkout.js under `npm start`,
// Razorpay's own (https://checkout.razorpay.com/v1/checkout.js) elsewhere. Both take the same
// options and call the same callbacks, so this file does not know which one it talks to.
import type { PaymentCallback } from '../api/orders';

export interface PaymentFailure {
  code?: string;
  description?: string;
  reason?: string;
  metadata?: { order_id?: string; payment_id?: string };
}

interface RazorpayOptions {
  key: string;
  order_id: string;
  amount: number;
  currency: string;
  name: string;
  description?: string;
  prefill?: { name?: string; email?: string; contact?: string };
  theme?: { color?: string };
  handler(response: PaymentCallback): void;
  modal?: { ondismiss?(): void; escape?: boolean };
}

interface RazorpayInstance {
  open(): void;
  on(event: 'payment.failed', listener: (response: { error: PaymentFailure }) => void): void;
}

type RazorpayConstructor = new (options: RazorpayOptions) => RazorpayInstance;

declare global {
  interface Window {
    Razorpay?: RazorpayConstructor;
  }
}

let loading: Promise<RazorpayConstructor> | undefined;

function loadScript(url: string): Promise<RazorpayConstructor> {
  if (window.Razorpay) return Promise.resolve(window.Razorpay);
  loading ??= new Promise<RazorpayConstructor>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.async = true;
    script.onload = () =>
      window.Razorpay ? resolve(window.Razorpay) : reject(new Error('Razorpay Checkout did not load'));
    script.onerror = () => reject(new Error('Razorpay Checkout could not be loaded'));
    document.head.appendChild(script);
  }).catch((err: Error) => {
    loading = undefined; // the next click tries again
    throw err;
  });
  return loading;
}

export interface CheckoutRequest {
  scriptUrl: string;
  keyId: string;
  razorpayOrderId: string;
  amount: number;
  currency: string;
  shopName: string;
  description: string;
  /** Each failed attempt; the modal stays open so the customer can try again. */
  onFailure(failure: PaymentFailure): void;
}

export type CheckoutOutcome = { paid: true; callback: PaymentCallback } | { paid: false };

/** Opens the modal; resolves when the customer has paid, or closed it without paying. */
export async function payWithRazorpay(request: CheckoutRequest): Promise<CheckoutOutcome> {
  const Razorpay = await loadScript(request.scriptUrl);
  return new Promise<CheckoutOutcome>((resolve) => {
    const rzp = new Razorpay({
      key: request.keyId,
      order_id: request.razorpayOrderId,
      amount: request.amount,
      currency: request.currency,
      name: request.shopName,
      description: request.description,
      theme: { color: '#e8590c' },
      handler: (callback) => resolve({ paid: true, callback }),
      modal: { ondismiss: () => resolve({ paid: false }) },
    });
    rzp.on('payment.failed', (response) => request.onFailure(response.error));
    rzp.open();
  });
}
