/**
 * A failed Razorpay call. `transient` (network error, timeout, 429, 5xx) may succeed if retried and
 * leaves the outcome unknown; the rest are answers that retrying cannot change.
 */
export class GatewayError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly statusCode?: number,
    readonly razorpayCode?: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

/** razorpay 2.9.x rejects with a plain `{ statusCode, error }` for HTTP errors and a TypeError when there was no response. */
export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  const http = err as { statusCode?: number; error?: { code?: string; description?: string } };
  if (err && typeof err === 'object' && typeof http.statusCode === 'number') {
    const status = http.statusCode;
    return new GatewayError(
      `Razorpay answered ${status}: ${http.error?.description ?? 'no description'}`,
      status === 429 || status >= 500,
      status,
      http.error?.code,
    );
  }
  return new GatewayError(`Razorpay unreachable: ${(err as Error)?.message ?? String(err)}`, true);
}
