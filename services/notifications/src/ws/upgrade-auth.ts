// Who opens a socket: a vendor token (its vendor's new_order frames) or a customer token (the
// customer's own order_status frames), from `Authorization: Bearer` or, for browsers (which cannot
// set headers on a WebSocket), `?access_token=`. Anything else is refused before the upgrade with an
// HTTP problem+json response.
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { type ProblemCode, type TokenVerifier, bearerToken } from '@saga/runtime';
import type { Recipient } from '../notifications/notification';

export type UpgradeCheck = { recipient: Recipient; expiresAt?: number } | { status: 401; detail: string };

export async function authenticateSocket(
  req: http.IncomingMessage,
  url: URL,
  verify: TokenVerifier,
): Promise<UpgradeCheck> {
  const token = bearerToken(req.headers.authorization) ?? url.searchParams.get('access_token') ?? undefined;
  if (!token)
    return {
      status: 401,
      detail: 'a vendor or customer bearer token is required (Authorization header or access_token)',
    };
  try {
    const principal = await verify(token);
    if (principal.role === 'vendor' && principal.vendorId)
      return { recipient: { audience: 'vendor', id: principal.vendorId }, expiresAt: principal.expiresAt };
    if (principal.role === 'customer' && principal.sub)
      return { recipient: { audience: 'customer', id: principal.sub }, expiresAt: principal.expiresAt };
    return { status: 401, detail: 'a vendor or customer token is required' };
  } catch {
    return { status: 401, detail: 'the token is invalid or has expired' };
  }
}

const REASONS: Record<number, string> = {
  401: 'Unauthorized',
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** Answers the upgrade request with a plain HTTP error and closes the connection. */
export function refuseUpgrade(
  socket: Duplex,
  status: 401 | 404 | 429 | 503,
  code: ProblemCode,
  detail: string,
  retryAfterSeconds?: number,
): void {
  const title = REASONS[status];
  const body = JSON.stringify({
    type: 'about:blank',
    title,
    status,
    detail,
    code,
    ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
  });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `${status === 401 ? 'WWW-Authenticate: Bearer\r\n' : ''}${retryAfterSeconds ? `Retry-After: ${retryAfterSeconds}\r\n` : ''}Connection: close\r\n\r\n${body}`,
  );
}
