// A vendor dashboard in a test: a `ws` client that records every frame and lets a test await the
// frames it expects (with a deadline, never a fixed sleep).
import { WebSocket, type ClientOptions } from 'ws';

export interface ServerFrame {
  event: string;
  id?: string;
  data?: Record<string, unknown>;
  code?: string;
  [key: string]: unknown;
}

interface Waiter {
  from: number;
  predicate: (frame: ServerFrame) => boolean;
  resolve: (frame: ServerFrame) => void;
}

export interface UpgradeRefusal {
  status: number;
  body: string;
  retryAfter?: string;
}

export const wsUrl = (httpUrl: string, query = '') => `${httpUrl.replace(/^http/, 'ws')}/ws${query}`;

export class VendorClient {
  readonly frames: ServerFrame[] = [];
  readonly closed: Promise<{ code: number }>;
  private waiters: Waiter[] = [];

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve({ code })));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ServerFrame;
      const index = this.frames.push(frame) - 1;
      this.waiters = this.waiters.filter((w) => !(index >= w.from && w.predicate(frame) && (w.resolve(frame), true)));
    });
  }

  /** Opens a socket with a token in the Authorization header (or `?access_token=` with `inQuery`). */
  static async connect(
    baseUrl: string,
    token: string,
    options: ClientOptions & { inQuery?: boolean } = {},
  ): Promise<VendorClient> {
    const { inQuery, ...wsOptions } = options;
    const ws = inQuery
      ? new WebSocket(wsUrl(baseUrl, `?access_token=${encodeURIComponent(token)}`), wsOptions)
      : new WebSocket(wsUrl(baseUrl), { ...wsOptions, headers: { authorization: `Bearer ${token}` } });
    const client = new VendorClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** One upgrade: the open socket, or the refusal's status, problem+json body and Retry-After. */
  static attempt(baseUrl: string, token: string): Promise<VendorClient | UpgradeRefusal> {
    const ws = new WebSocket(wsUrl(baseUrl), { headers: { authorization: `Bearer ${token}` } });
    const client = new VendorClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body, retryAfter: res.headers['retry-after'] });
        });
      });
      ws.once('error', reject);
    });
  }

  get newOrders(): ServerFrame[] {
    return this.frames.filter((f) => f.event === 'new_order');
  }

  /** The first frame at or after index `from` (received already or to come) that matches. */
  waitFor(predicate: (frame: ServerFrame) => boolean, from = 0, timeoutMs = 5000): Promise<ServerFrame> {
    const seen = this.frames.slice(from).find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => f.event))}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({ from, predicate, resolve: (frame) => (clearTimeout(timer), resolve(frame)) });
    });
  }

  waitForOrder(orderId: string, from = 0, timeoutMs?: number): Promise<ServerFrame> {
    return this.waitFor((f) => f.event === 'new_order' && f.data?.orderId === orderId, from, timeoutMs);
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /**
   * Ping, then wait for the pong: the server answers client frames in order and after its replay,
   * and TCP keeps order, so every frame it queued for this socket before has arrived by then.
   */
  async roundTrip(): Promise<void> {
    const from = this.frames.length;
    this.send({ event: 'ping' });
    await this.waitFor((f) => f.event === 'pong', from);
  }

  async ack(id: string): Promise<ServerFrame> {
    const from = this.frames.length;
    this.send({ event: 'ack', id });
    return this.waitFor((f) => (f.event === 'acked' || f.event === 'error') && f.id === id, from);
  }

  async close(): Promise<void> {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.close();
    await this.closed;
  }
}

/** The HTTP status a refused upgrade answers with (rejects if the upgrade succeeds). */
export function upgradeStatus(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', () => undefined);
  });
}
