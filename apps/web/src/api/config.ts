// What the server tells the pages at run time (GET /config.json), so one build runs anywhere:
// `npm start` points Razorpay Checkout at the simulator and offers development sign-in; deploy/
// points it at Razorpay and does not.
export interface WebConfig {
  /** Razorpay Checkout's script: the simulator's /v1/checkout.js, or https://checkout.razorpay.com/v1/checkout.js. */
  razorpayCheckoutUrl: string;
  /** POST /dev/token signs development tokens (npm start only). */
  devSignIn: boolean;
  /** Shown in Razorpay's modal. */
  shopName: string;
}

const DEFAULTS: WebConfig = {
  razorpayCheckoutUrl: 'https://checkout.razorpay.com/v1/checkout.js',
  devSignIn: false,
  shopName: 'Bazaar',
};

let loaded: Promise<WebConfig> | undefined;

export function loadConfig(): Promise<WebConfig> {
  loaded ??= fetch('/config.json', { headers: { accept: 'application/json' } })
    .then((r) => (r.ok ? (r.json() as Promise<Partial<WebConfig>>) : {}))
    .catch(() => ({}))
    .then((c) => ({ ...DEFAULTS, ...c }));
  return loaded;
}
