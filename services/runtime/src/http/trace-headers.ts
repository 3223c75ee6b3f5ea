import type { Request } from 'express';

/** What a service forwards on the calls it makes for a request: its id and the W3C trace context
 * (Dapr's sidecars propagate traceparent, so an invocation continues the caller's trace). */
export type TraceHeaders = Record<string, string>;

export function traceHeaders(req: Request): TraceHeaders {
  const headers: TraceHeaders = { 'x-request-id': req.id };
  const traceparent = req.header('traceparent');
  const tracestate = req.header('tracestate');
  if (traceparent) headers.traceparent = traceparent;
  if (tracestate) headers.tracestate = tracestate;
  return headers;
}
