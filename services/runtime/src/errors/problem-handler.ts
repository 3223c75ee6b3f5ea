// The one place where errors become HTTP responses (RFC 9457 problem+json).
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { formatBytes } from '../http/json-body';
import { unavailableFromOrm } from '../db/connection-loss';
import { AppError, PROBLEM_STATUS, type ProblemCode } from './app-error';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Bodies this size or smaller are drained after a refusal (cheap, and the connection stays usable). */
const DRAIN_AT_MOST = 64 * 1024;

/**
 * A refused request whose large body was never read: close the connection after the answer,
 * rather than let node read and discard the rest (a caller refused at authentication could
 * otherwise make the service read megabytes it will never parse).
 */
function closeIfLargeBodyUnread(res: Response): void {
  const req = res.req;
  if (req.complete || res.headersSent) return;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > DRAIN_AT_MOST || req.headers['transfer-encoding'] !== undefined) res.setHeader('Connection', 'close');
}

export function sendProblem(res: Response, error: AppError): void {
  closeIfLargeBodyUnread(res);
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

interface ClientError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
  limit?: number;
  encoding?: string;
  charset?: string;
}

/** Client mistakes that express and its body parser raise (http-errors with a `type`), as our codes. */
function fromBodyParser(err: ClientError): AppError | undefined {
  switch (err.type) {
    case 'entity.parse.failed':
      return new AppError('MALFORMED_JSON', 'The request body is not valid JSON');
    case 'entity.too.large':
      return new AppError(
        'PAYLOAD_TOO_LARGE',
        `The request body is larger than this route accepts (${formatBytes(err.limit ?? 0)})`,
      );
    case 'encoding.unsupported':
      return new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Encoding "${err.encoding ?? 'unknown'}" is not accepted: send the body uncompressed`,
      );
    case 'charset.unsupported':
      return new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `The charset "${err.charset ?? 'unknown'}" is not supported: send UTF-8`,
      );
    case 'request.aborted':
      return new AppError('REQUEST_ABORTED', 'The client closed the connection before the request body was complete');
    case 'request.size.invalid':
      return new AppError('MALFORMED_REQUEST', 'The request body does not match its Content-Length');
    default: {
      // Any other 4xx from express (an undecodable path parameter...): the client's mistake, and
      // http-errors marks its message as safe to show (expose).
      const status = err.status ?? err.statusCode;
      if (typeof status === 'number' && status >= 400 && status < 500 && err.expose)
        return new AppError('MALFORMED_REQUEST', 'The request is malformed');
      return undefined;
    }
  }
}

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const context = () => ({ reqId: req.id, traceparent: req.header('traceparent') });
    if (err instanceof AppError) {
      if (err.status >= 500) logger.warn({ code: err.code, detail: err.detail, ...context() }, 'request failed');
      return sendProblem(res, err);
    }
    const clientError = fromBodyParser(err);
    if (clientError) {
      // The client's doing, not ours: one line at info, no stack.
      logger.info(
        { code: clientError.code, method: req.method, path: req.path, ...context() },
        `request refused: ${clientError.detail}`,
      );
      // A client that went away gets no answer; one still there is told why.
      if (clientError.code === 'REQUEST_ABORTED' && (req.destroyed || res.destroyed)) return;
      return sendProblem(res, clientError);
    }
    // The EntityManager's pool losing the database: 503 with Retry-After, as the SQL pool's does.
    const unavailable = unavailableFromOrm(err);
    if (unavailable) {
      logger.warn(
        { code: unavailable.code, err: (err as Error).message, ...context() },
        'request failed: database unavailable',
      );
      return sendProblem(res, unavailable);
    }
    logger.error({ err, ...context() }, 'unhandled error');
    sendProblem(res, new AppError('INTERNAL', 'An unexpected error occurred; it has been logged'));
  };
}

export const notFoundHandler: RequestHandler = (req, res) =>
  sendProblem(res, new AppError('NOT_FOUND', `No route for ${req.method} ${req.path}`));

export const isProblemCode = (code: unknown): code is ProblemCode => typeof code === 'string' && code in PROBLEM_STATUS;
