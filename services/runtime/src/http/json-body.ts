// JSON request bodies, read only where a route asks for them and after the caller is known
// (requireRole, requireServiceToken): an anonymous caller never gets the service to buffer, inflate
// or parse anything. Each kind of route has its own limit, and compressed bodies are refused (415)
// rather than inflated: no client of ours compresses, and inflation is where a 2.6 KB body becomes 1 MiB.
import express, { type RequestHandler } from 'express';

/** Bytes per kind of route: a checkout cart of 50 lines is about 3 KB; Razorpay's webhooks a few KB. */
export const BODY_LIMITS = {
  /** Public JSON APIs (checkout...): the customer's own requests. */
  public: 64 * 1024,
  /** Service-to-service calls and Dapr deliveries. */
  internal: 256 * 1024,
  /** Razorpay's webhook: its documented events are a few KB; the historical limit stays. */
  webhook: 1024 * 1024,
} as const;

const JSON_TYPES = ['application/json', 'application/*+json'];

/** `64 KiB`, `1 MiB`: the unit a client can act on. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** Parses a JSON body of at most `limitBytes`, keeping its raw bytes (webhook signatures are over them). */
export function jsonBody(limitBytes: number): RequestHandler {
  return express.json({
    limit: limitBytes,
    inflate: false,
    type: JSON_TYPES,
    verify: (req, _res, buf) => {
      (req as express.Request).rawBody = buf;
    },
  });
}
