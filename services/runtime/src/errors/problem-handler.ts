// The one place where errors become HTTP responses (RFC 9457 problem+json).
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, PROBLEM_STATUS, type ProblemCode } from './app-error';

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 412: 'Precondition Failed', 413: 'Payload Too Large',
  415: 'Unsupported Media Type', 422: 'Unprocessable Content', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
};

export function sendProblem(res: Response, error: AppError): void {
  const { invalidParams, ...extras } = error.extras;
  // Retry-After for HTTP clients; the same number stays in the body for callers behind a sidecar.
  if (extras.retryAfterSeconds !== undefined) {
    extras.retryAfterSeconds = Math.max(1, Math.ceil(extras.retryAfterSeconds));
    res.setHeader('Retry-After', String(extras.retryAfterSeconds));
  }
  res
    .status(error.status)
    .type('application/problem+json')
    .json({
      type: `https://errors.checkout-saga.dev/${error.code.toLowerCase().replace(/_/g, '-')}`,
      title: TITLES[error.status] ?? 'Error',
      status: error.status,
      detail: error.detail,
      code: error.code,
      ...(invalidParams ? { invalidParams } : {}),
      ...extras,
      requestId: res.req.id,
    });
}

/** Errors raised by express's own body parser carry a `type`; map them to our codes. */
function fromBodyParser(err: { type?: string; status?: number; message?: string }): AppError | undefined {
  switch (err.type) {
    case 'entity.parse.failed':
      return new AppError('MALFORMED_JSON', 'The request body is not valid JSON');
    case 'entity.too.large':
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is larger than 1 MiB');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', err.message ?? 'Unsupported encoding');
    default:
      return undefined;
  }
}

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = err instanceof AppError ? err : fromBodyParser(err);
    if (appError) {
      if (appError.status >= 500) logger.warn({ code: appError.code, detail: appError.detail, reqId: req.id, traceparent: req.header('traceparent') }, 'request failed');
      return sendProblem(res, appError);
    }
    logger.error({ err, reqId: req.id, traceparent: req.header('traceparent') }, 'unhandled error');
    sendProblem(res, new AppError('INTERNAL', 'An unexpected error occurred; it has been logged'));
  };
}

export const notFoundHandler: RequestHandler = (req, res) => sendProblem(res, new AppError('NOT_FOUND', `No route for ${req.method} ${req.path}`));

export const isProblemCode = (code: unknown): code is ProblemCode => typeof code === 'string' && code in PROBLEM_STATUS;
