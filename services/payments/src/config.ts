import { z } from 'zod';
import { bool, parseEnv, requireSecret } from '@saga/runtime';

const PaymentsEnv = z.object({
  RAZORPAY_API_URL: z.string().url().default('https://api.razorpay.com'),
  /** Per-attempt deadline for a Razorpay call. */
  RAZORPAY_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(3000),
  /** Retries after the first attempt, on network errors, timeouts, 429 and 5xx only. */
  RAZORPAY_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /** Consecutive failures that open the circuit, and how long it stays open before one trial call. */
  RAZORPAY_BREAKER_THRESHOLD: z.coerce.number().int().min(1).default(5),
  RAZORPAY_BREAKER_OPEN_MS: z.coerce.number().int().min(100).default(10_000),
  RAZORPAY_AUTO_CAPTURE: bool(true),
});

export type PaymentsConfig = ReturnType<typeof loadPaymentsConfig>;

export function loadPaymentsConfig(env: NodeJS.ProcessEnv, production: boolean) {
  const c = parseEnv(PaymentsEnv, env);
  return {
    ...c,
    keyId: requireSecret(env, 'RAZORPAY_KEY_ID', production),
    keySecret: requireSecret(env, 'RAZORPAY_KEY_SECRET', production),
    webhookSecret: requireSecret(env, 'RAZORPAY_WEBHOOK_SECRET', production),
    previousWebhookSecret: env.RAZORPAY_WEBHOOK_SECRET_PREVIOUS || undefined,
  };
}
