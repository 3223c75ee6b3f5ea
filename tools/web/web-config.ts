// The web server's own settings (npm start), parsed once at boot: a bad value stops it naming the variable.
import { DEV_SECRETS, parseEnv, port } from '@saga/runtime';
import { z } from 'zod';

export const RAZORPAY_CHECKOUT_JS = 'https://checkout.razorpay.com/v1/checkout.js';

const WebEnv = z.object({
  /** Where the shop (/) and the vendor dashboard (/vendor) are served; 0 = any free port. */
  WEB_PORT: port(3000),
  /** Razorpay Checkout's script; unset: the simulator's when it runs, else Razorpay's own. */
  RAZORPAY_CHECKOUT_URL: z.string().url().optional(),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  JWT_SECRET: z.string().optional(),
  JWKS_URL: z.string().optional(),
});

export interface WebConfig {
  port: number;
  razorpayCheckoutUrl: string;
  /** The secret development tokens are signed with; undefined: no development sign-in. */
  devTokenSecret: string | undefined;
}

export function loadWebConfig(env: NodeJS.ProcessEnv, simulatorUrl: string | undefined): WebConfig {
  const c = parseEnv(WebEnv, env);
  // Development tokens only where the services take HS256 tokens of this secret, and never in production.
  const devSignIn = c.NODE_ENV !== 'production' && !c.JWKS_URL;
  return {
    port: c.WEB_PORT,
    razorpayCheckoutUrl:
      c.RAZORPAY_CHECKOUT_URL ?? (simulatorUrl ? `${simulatorUrl}/v1/checkout.js` : RAZORPAY_CHECKOUT_JS),
    devTokenSecret: devSignIn ? (c.JWT_SECRET ?? DEV_SECRETS.JWT_SECRET) : undefined,
  };
}
