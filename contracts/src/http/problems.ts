// The problem+json bodies each error status carries. Every one is a `Problem` (common.ts) with its
// status fixed; `code` stays an open string so a new code is an extension, not a breaking change.
import { z } from 'zod';
import { Problem } from '../common';
import { UnavailableItem } from './catalog';

/** Every stable error code the services answer with today, and its HTTP status. */
export const PROBLEM_CODES = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNKNOWN_PRODUCT: 400,
  INVALID_PAYMENT_SIGNATURE: 400,
  MALFORMED_REQUEST: 400,
  REQUEST_ABORTED: 400,
  UNAUTHENTICATED: 401,
  INVALID_WEBHOOK_SIGNATURE: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  OUT_OF_STOCK: 409,
  IDEMPOTENCY_REQUEST_IN_PROGRESS: 409,
  INTENT_CONFLICT: 409,
  HOLD_CLOSED: 409,
  ORDER_STATE_CONFLICT: 409,
  CART_CHANGED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  MULTIPLE_VENDORS: 422,
  TOO_MANY_SOCKETS: 429,
  INTERNAL: 500,
  UPSTREAM_FAILED: 502,
  PAYMENT_GATEWAY_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
} as const;
export type ProblemCode = keyof typeof PROBLEM_CODES;

const codesFor = (status: number) =>
  (Object.keys(PROBLEM_CODES) as ProblemCode[]).filter((code) => PROBLEM_CODES[code] === status);

const RetryAfterSeconds = z
  .number()
  .int()
  .min(1)
  .describe('Seconds to wait before retrying; the same value as the Retry-After header, for callers behind a sidecar');

/** The fields that make a Problem the one of a given status. */
function statusShape<S extends number>(status: S) {
  return {
    status: z.literal(status),
    code: z
      .string()
      .min(1)
      .meta({
        description: 'Stable error code; clients switch on this, never on title or detail',
        examples: codesFor(status),
      }),
  };
}

export const ValidationProblem = Problem.extend(statusShape(400)).describe(
  'The request is malformed or invalid; invalidParams names each offending field and why',
);
export const UnauthorizedProblem = Problem.extend(statusShape(401)).describe(
  'No token, a bad or expired token, or (webhooks) a bad signature',
);
export const ForbiddenProblem = Problem.extend(statusShape(403)).describe(
  'The token is valid but its role may not use this endpoint',
);
export const NotFoundProblem = Problem.extend(statusShape(404)).describe(
  'No such resource, or one the caller may not see',
);
export const ConflictProblem = Problem.extend({
  ...statusShape(409),
  retryAfterSeconds: RetryAfterSeconds.optional(),
}).describe(
  'The request conflicts with the current state (e.g. a request under the same Idempotency-Key is still running)',
);
export const OutOfStockProblem = Problem.extend({
  ...statusShape(409),
  code: z.literal('OUT_OF_STOCK'),
  isAvailable: z.literal(false),
  unavailableItems: z.array(UnavailableItem),
}).describe('Not enough stock for some items; nothing was held and no payment was initiated');
export const PreconditionFailedProblem = Problem.extend(statusShape(412)).describe(
  'If-Match names a version that is no longer the current one (CART_CHANGED): read it again, merge, and retry with the new ETag; nothing changed',
);
export const PayloadTooLargeProblem = Problem.extend(statusShape(413)).describe(
  'The request body is larger than the route accepts (checkout and other public JSON routes 64 KiB, internal routes 256 KiB, the Razorpay webhook 1 MiB)',
);
export const UnprocessableProblem = Problem.extend(statusShape(422)).describe(
  'Well-formed but refused (e.g. an Idempotency-Key reused with another cart, or a cart spanning vendors)',
);
export const ServiceUnavailableProblem = Problem.extend({
  ...statusShape(503),
  retryAfterSeconds: RetryAfterSeconds.optional(),
}).describe(
  'A dependency (payment gateway, catalog, database) is unavailable, or too many checkouts are in progress (load shedding); retry after Retry-After seconds',
);
