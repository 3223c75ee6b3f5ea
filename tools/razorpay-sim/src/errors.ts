import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';

export interface RazorpayErrorBody {
  error: {
    code: 'BAD_REQUEST_ERROR' | 'SERVER_ERROR' | 'GATEWAY_ERROR';
    description: string;
    source: string;
    step: string;
    reason: string;
    metadata: Record<string, unknown>;
    field: string | null;
  };
}

/**
 * An answer in Razorpay's error shape. Thrown by the domain code and turned into the HTTP answer
 * by `errorHandler`; the in-process `pay()` lets it escape so callers see the same status and body.
 */
export class RazorpayApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: RazorpayErrorBody,
  ) {
    super(body.error.description);
    this.name = 'RazorpayApiError';
  }
}

export function badRequest(description: string, field: string | null = null, status = 400): RazorpayApiError {
  return new RazorpayApiError(status, {
    error: {
      code: 'BAD_REQUEST_ERROR',
      description,
      source: 'business',
      step: 'payment_initiation',
      reason: 'input_validation_failed',
      metadata: {},
      field,
    },
  });
}

/** Razorpay answers an unknown id with 400 (not 404), which SDK users match on. */
export function idDoesNotExist(): RazorpayApiError {
  return badRequest('The id provided does not exist', 'id');
}

export function authenticationFailed(): RazorpayApiError {
  return new RazorpayApiError(401, {
    error: {
      code: 'BAD_REQUEST_ERROR',
      description: 'Authentication failed',
      source: 'NA',
      step: 'NA',
      reason: 'NA',
      metadata: {},
      field: null,
    },
  });
}

export function urlNotFound(path: string): RazorpayApiError {
  // The SDK already prefixes every path with /v1; a base URL ending in /v1 doubles it.
  const hint = /^\/v1\/v1(\/|$)/.test(path)
    ? ' (simulator hint: the path starts with /v1/v1. The razorpay SDK adds /v1 itself, so set rzp.api.rq.defaults.baseURL to the simulator root without /v1.)'
    : '';
  return new RazorpayApiError(404, {
    error: {
      code: 'BAD_REQUEST_ERROR',
      description: `The requested URL was not found on the server.${hint}`,
      source: 'NA',
      step: 'NA',
      reason: 'NA',
      metadata: {},
      field: null,
    },
  });
}

/** An injected failure: 429 looks like Razorpay's rate limit, other 4xx a generic bad request, 5xx a server error. */
export function injectedFailure(status: number): RazorpayApiError {
  if (status === 429) return badRequest('Too many requests', null, 429);
  if (status < 500) return badRequest('Simulated failure', null, status);
  return new RazorpayApiError(status, {
    error: {
      code: 'SERVER_ERROR',
      description: 'The server encountered an error. The incident has been reported to admins.',
      source: 'NA',
      step: 'NA',
      reason: 'NA',
      metadata: {},
      field: null,
    },
  });
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (err instanceof RazorpayApiError) {
      res.status(err.status).json(err.body);
      return;
    }
    const bodyParserType = (err as { type?: unknown } | null)?.type;
    if (bodyParserType === 'entity.parse.failed') {
      const e = badRequest('The request body is not valid JSON', null);
      res.status(e.status).json(e.body);
      return;
    }
    if (bodyParserType === 'entity.too.large') {
      const e = badRequest('The request body is too large', null, 413);
      res.status(e.status).json(e.body);
      return;
    }
    logger.error({ err, method: req.method, path: req.path }, 'razorpay-sim: unexpected error');
    const e = injectedFailure(500);
    res.status(500).json(e.body);
  };
}
