// HTTP plumbing for the Dapr sidecar test double (tests/support/dapr-sidecar-double.ts): reading
// bodies, daprd-shaped error answers, and one outbound call helper for sidecar -> app traffic (also
// what tests/support/recording-proxy.ts forwards with, between a real daprd and its app).
// Test tooling only; nothing here ships with the services.
import http from 'node:http';
import { randomBytes } from 'node:crypto';

/** Headers that belong to one connection and are never forwarded (RFC 9110 section 7.6.1), plus the ones recomputed per hop. */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'trailers',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

export class BodyTooLargeError extends Error {}

export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError(`request body larger than ${limit} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Lower-cased header names; repeated headers joined with ", " (set-cookie too: good enough for assertions). */
export function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** JSON when it parses, else text; undefined for an empty body. */
export function decodeBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export function isJsonMediaType(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json');
}

/** A daprd API error: `{ errorCode, message, details? }` as JSON (daprd's respondWithError). */
export interface DaprApiErrorBody {
  errorCode: string;
  message: string;
  details?: unknown[];
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendApiError(
  res: http.ServerResponse,
  status: number,
  errorCode: string,
  message: string,
  details?: unknown[],
): void {
  const body: DaprApiErrorBody = { errorCode, message, ...(details ? { details } : {}) };
  sendJson(res, status, body);
}

export function sendEmpty(res: http.ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, headers);
  res.end();
}

/** Go's http.Error: text/plain with a trailing newline (what daprd's API-token middleware answers). */
export function sendGoError(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end(`${text}\n`);
}

/** A W3C traceparent with a fresh trace id and span id (sampled). */
export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

/** `metadata.k=v` query parameters as `{ k: v }` (how daprd reads request metadata over HTTP). */
export function metadataFromQuery(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of query) if (name.startsWith('metadata.')) out[name.slice('metadata.'.length)] = value;
  return out;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** One request from a sidecar to its app (or to the app behind another sidecar). Rejects on transport errors and timeouts. */
export function callApp(
  agent: http.Agent,
  url: URL,
  options: { method: string; headers: Record<string, string>; body?: Buffer; timeoutMs: number },
): Promise<OutboundResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...options.headers };
    if (options.body && options.body.length > 0) headers['content-length'] = options.body.length;
    const req = http.request(url, { method: options.method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res.headers), body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.setTimeout(options.timeoutMs, () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    if (options.body && options.body.length > 0) req.write(options.body);
    req.end();
  });
}
