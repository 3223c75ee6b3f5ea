/**
 * A failed Razorpay call. `transient` (network error, timeout, 429, 5xx) may succeed if retried and
 * leaves the outcome unknown; the rest are answers that retrying cannot change. `statusCode` is
 * Razorpay's HTTP status, absent when no answer came back (the network failed). The message is
 * for logs only: it may carry the library's or Razorpay's words, never shown to a client.
 */
export class GatewayError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly statusCode?: number,
    readonly razorpayCode?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GatewayError';
  }
}

/**
 * A call that got no HTTP answer (refused, reset, DNS, the SDK's own timeout), as the SDK passes
 * it on: see noResponseAsSdkError in razorpay-gateway.ts.
 */
export class NoResponse {
  constructor(readonly cause: unknown) {}

  /** The transport's error code (ECONNREFUSED, ECONNRESET, ETIMEDOUT...) or its message. */
  get reason(): string {
    const err = this.cause as { code?: unknown; message?: unknown } | undefined;
    if (typeof err?.code === 'string') return err.code;
    return typeof err?.message === 'string' && err.message ? err.message : 'no answer';
  }
}

/**
 * razorpay 2.9.x rejects with a plain `{ statusCode, error }`: for an HTTP error answer, `error` is
 * Razorpay's error body; for no answer at all, our interceptor makes it a NoResponse (the SDK
 * itself would throw a TypeError reading `response.status` and lose the cause).
 */
export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  const sdk = err as { statusCode?: number; error?: { code?: string; description?: string } | NoResponse };
  if (sdk?.error instanceof NoResponse)
    return new GatewayError(`Razorpay unreachable: ${sdk.error.reason}`, true, undefined, undefined, {
      cause: sdk.error.cause,
    });
  if (err && typeof err === 'object' && typeof sdk.statusCode === 'number') {
    const status = sdk.statusCode;
    const body = sdk.error as { code?: string; description?: string } | undefined;
    return new GatewayError(
      `Razorpay answered ${status}: ${body?.description ?? 'no description'}`,
      status === 429 || status >= 500,
      status,
      body?.code,
    );
  }
  // Not a shape the SDK produces for a call's outcome (a bug on either side): the outcome is unknown.
  return new GatewayError(
    `Razorpay call failed: ${(err as Error)?.message ?? String(err)}`,
    true,
    undefined,
    undefined,
    { cause: err },
  );
}

/**
 * Razorpay does not know the id a read asked for: it answers an unknown id with 400
 * BAD_REQUEST_ERROR ("The id provided does not exist"), where the id is the read's only input,
 * or 404. Final: asking again cannot change it. Nothing can ever be paid on such an order.
 */
export class UnknownAtGatewayError extends GatewayError {
  constructor(
    readonly entityId: string,
    cause: GatewayError,
  ) {
    super(`Razorpay does not know ${entityId} (${cause.message})`, false, cause.statusCode, cause.razorpayCode, {
      cause,
    });
    this.name = 'UnknownAtGatewayError';
  }
}

/** For a read by id: a refusal of the id becomes UnknownAtGatewayError, anything else a GatewayError. */
export function unknownIdAs(entityId: string): (err: unknown) => never {
  return (err) => {
    const failure = toGatewayError(err);
    if (failure.statusCode === 404 || (failure.statusCode === 400 && failure.razorpayCode === 'BAD_REQUEST_ERROR'))
      throw new UnknownAtGatewayError(entityId, failure);
    throw failure;
  };
}
