// Typed errors with stable codes. Each code maps to one HTTP status in one place (PROBLEM_STATUS);
// handlers throw AppError and never build error responses by hand.

export const PROBLEM_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNKNOWN_PRODUCT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  OUT_OF_STOCK: 409,
  IDEMPOTENCY_REQUEST_IN_PROGRESS: 409,
  INTENT_CONFLICT: 409,
  HOLD_CLOSED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  MULTIPLE_VENDORS: 422,
  INVALID_WEBHOOK_SIGNATURE: 401,
  INTERNAL: 500,
  UPSTREAM_FAILED: 502,
  PAYMENT_GATEWAY_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ProblemCode = keyof typeof PROBLEM_STATUS;

export interface InvalidParam {
  name: string;
  reason: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extras: Record<string, unknown> & { invalidParams?: InvalidParam[]; retryAfterSeconds?: number } = {},
  ) {
    super(`${code}: ${detail}`);
    this.name = 'AppError';
    this.status = PROBLEM_STATUS[code];
  }
}

export const validationError = (invalidParams: InvalidParam[], detail?: string) =>
  new AppError('VALIDATION_FAILED', detail ?? invalidParams.map((p) => `${p.name}: ${p.reason}`).join('; '), { invalidParams });
