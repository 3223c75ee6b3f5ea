import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Razorpay from 'razorpay';

export const KEY_ID = 'rzp_test_simtests00001';
export const KEY_SECRET = 'sim_tests_key_secret';
export const WEBHOOK_SECRET = 'sim_tests_webhook_secret';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/** A stand-in for the payments service's webhook endpoint: records raw bodies, answers scripted statuses. */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Statuses to answer, in order (0: never answer); 200 once the script runs out. */
  script: number[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const receiver: Partial<WebhookReceiver> & { received: ReceivedWebhook[]; script: number[] } = {
    received,
    script: [],
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
      const status = receiver.script.shift() ?? 200;
      if (status === 0) return; // never answer, like a hung receiver
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = `http://127.0.0.1:${port}/api/v1/webhooks/razorpay`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver as WebhookReceiver;
}

/** The real SDK, pointed at the simulator the way the payments service does it. */
export function sdk(simUrl: string, keySecret = KEY_SECRET): Razorpay {
  const rzp = new Razorpay({ key_id: KEY_ID, key_secret: keySecret });
  // The SDK adds /v1 to every path itself, so the base URL is the simulator's root.
  (rzp as unknown as { api: { rq: { defaults: { baseURL: string } } } }).api.rq.defaults.baseURL = simUrl;
  return rzp;
}

export function basicAuthHeader(keySecret = KEY_SECRET): string {
  return `Basic ${Buffer.from(`${KEY_ID}:${keySecret}`).toString('base64')}`;
}

// Tests read answers field by field; typing every simulator answer here would add noise, not safety.

export type Json = any;

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

export async function getJson(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  const res = await fetch(url, { headers });
  return { status: res.status, body: await res.json() };
}
