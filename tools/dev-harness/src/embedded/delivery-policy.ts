/** Retry schedule shared by the embedded bus and documented for Dapr's resiliency policy. */
export interface DeliveryPolicy {
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { maxAttempts: 8, initialBackoffMs: 50, maxBackoffMs: 5000 };

export function backoffMs(policy: DeliveryPolicy, attempt: number): number {
  const exp = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** (attempt - 1));
  // Full jitter keeps retries of many messages from arriving in lockstep.
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}
