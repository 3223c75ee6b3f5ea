// Building blocks shared by the operations: JSON bodies, problem+json error responses (always
// the Problem schema or one of its per-status refinements), the Retry-After header, bearer auth.
export const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const responseRef = (name: string) => ({ $ref: `#/components/responses/${name}` });

export const JSON_MEDIA_TYPE = 'application/json';
export const PROBLEM_JSON = 'application/problem+json';

export type Examples = Record<string, { summary: string; value: unknown }>;

export function jsonContent(schemaName: string, examples?: Examples) {
  return { [JSON_MEDIA_TYPE]: { schema: schemaRef(schemaName), ...(examples ? { examples } : {}) } };
}

export function jsonRequestBody(schemaName: string, description: string, examples?: Examples) {
  return { required: true, description, content: jsonContent(schemaName, examples) };
}

export function jsonResponse(schemaName: string, description: string, examples?: Examples) {
  return { description, content: jsonContent(schemaName, examples) };
}

/** An error response: problem+json with one schema, or any of several (e.g. 409 out of stock or another conflict). */
export function problemResponse(
  description: string,
  schemaNames: string | string[],
  options: { headers?: Record<string, unknown>; examples?: Examples } = {},
) {
  const names = Array.isArray(schemaNames) ? schemaNames : [schemaNames];
  const schema = names.length === 1 ? schemaRef(names[0]!) : { anyOf: names.map(schemaRef) };
  return {
    description,
    ...(options.headers ? { headers: options.headers } : {}),
    content: { [PROBLEM_JSON]: { schema, ...(options.examples ? { examples: options.examples } : {}) } },
  };
}

export const retryAfterHeader = { $ref: '#/components/headers/RetryAfter' };

/** Reusable responses (components.responses) every operation picks from. */
export const sharedResponses = {
  BadRequest: problemResponse(
    'Invalid payload: invalidParams says which fields and why (VALIDATION_FAILED, MALFORMED_JSON)',
    'ValidationProblem',
  ),
  Unauthorized: problemResponse('No bearer token, or a bad or expired one (UNAUTHENTICATED)', 'UnauthorizedProblem'),
  ServiceUnauthorized: problemResponse(
    'No service credential, or a wrong one (UNAUTHENTICATED): nothing was read or changed',
    'UnauthorizedProblem',
  ),
  Forbidden: problemResponse(
    'The token is valid but its role may not use this endpoint (FORBIDDEN)',
    'ForbiddenProblem',
  ),
  NotFound: problemResponse(
    'No such order, or one the caller may not read (NOT_FOUND): the same answer for both',
    'NotFoundProblem',
  ),
  PayloadTooLarge: problemResponse(
    "The request body is over the route's limit (PAYLOAD_TOO_LARGE): 64 KiB on public JSON routes, 256 KiB on internal ones, 1 MiB on the Razorpay webhook",
    'PayloadTooLargeProblem',
  ),
  ServiceUnavailable: problemResponse(
    'A dependency is unavailable; retry after Retry-After seconds',
    'ServiceUnavailableProblem',
    {
      headers: { 'Retry-After': retryAfterHeader },
    },
  ),
  Problem: problemResponse(
    'Any other error (e.g. 415 UNSUPPORTED_MEDIA_TYPE for a compressed body: Content-Encoding is refused; 500 INTERNAL), as problem+json',
    'Problem',
  ),
};
export type SharedResponse = keyof typeof sharedResponses;

export const sharedHeaders = {
  RetryAfter: {
    description: 'Seconds to wait before retrying (also in the body as retryAfterSeconds)',
    required: true,
    schema: { type: 'integer', minimum: 1 },
  },
};

export const securitySchemes = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'HS256 (JWT_SECRET) or RS256 via JWKS_URL. Customer tokens: sub = customer id, role = customer. Vendor tokens: sub = vendor user id, role = vendor, vendorId. sub, role and vendorId must be non-empty strings.',
  },
  serviceToken: {
    type: 'apiKey',
    in: 'header',
    name: 'dapr-api-token',
    description:
      "Internal routes only: APP_API_TOKEN. daprd sends it on everything it delivers to the app (Dapr mode); the embedded runtime's invoker sends it too; " +
      'operators (npm run dlq) send it for the dead-letter routes. Checked before the body is read.',
  },
};
export const bearer = [{ bearerAuth: [] }];
/** Internal routes: the service credential daprd (or the embedded invoker, or an operator) sends. */
export const serviceToken = [{ serviceToken: [] }];
