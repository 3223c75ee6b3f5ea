// The notifications WebSocket as a page needs it: one socket that comes back by itself (backoff
// with jitter, at once when the browser goes online), acknowledges what the page has shown, and
// keeps the connection warm with the protocol's application-level ping. What the server replays
// after a reconnect is the page's to de-duplicate (by frame id), as the protocol asks.
export type SocketState = 'connecting' | 'connected' | 'reconnecting' | 'stopped';

export interface ServerFrame {
  event: string;
  id?: string;
  code?: string;
  detail?: string;
  data?: Record<string, unknown>;
}

export interface LiveSocketHandlers {
  onFrame(frame: ServerFrame): void;
  onState(state: SocketState): void;
  /** Each (re)connection: the moment to catch up on what the socket could not tell. */
  onOpen?(): void;
  /** The server closed the socket because the token expired (4001). */
  onTokenExpired?(): void;
}

const PING_EVERY_MS = 20_000;
const RETRY_TRY_AGAIN_MS = 1_000;
const TOKEN_EXPIRED = 4001;

export function socketUrl(token: string, location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws?access_token=${encodeURIComponent(token)}`;
}

export class LiveSocket {
  private ws: WebSocket | undefined;
  private attempts = 0;
  private stopped = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private readonly onOnline = () => this.reconnectNow();

  constructor(
    private readonly token: string,
    private readonly handlers: LiveSocketHandlers,
  ) {}

  start(): void {
    window.addEventListener('online', this.onOnline);
    this.connect('connecting');
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    this.ws?.close(1000, 'page closed');
    this.handlers.onState('stopped');
  }

  /** The server answers pong once everything sent before, the replay included, has been sent. */
  ping(): void {
    this.send({ event: 'ping' });
  }

  /** Tells the server the page has this frame: it is never sent again. */
  ack(id: string): void {
    this.send({ event: 'ack', id });
  }

  private send(frame: object): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  private connect(state: SocketState): void {
    if (this.stopped) return;
    this.handlers.onState(state);
    const ws = new WebSocket(socketUrl(this.token));
    this.ws = ws;
    ws.onopen = () => {
      this.attempts = 0;
      this.handlers.onState('connected');
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.send({ event: 'ping' }), PING_EVERY_MS);
      this.handlers.onOpen?.();
    };
    ws.onmessage = (message) => this.receive(message.data);
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      clearInterval(this.pingTimer);
      if (event.code === TOKEN_EXPIRED) this.handlers.onTokenExpired?.();
      this.scheduleReconnect();
    };
  }

  private receive(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(raw) as ServerFrame;
    } catch {
      return;
    }
    // The ack was not recorded: the protocol asks for it again.
    if (frame.event === 'error' && frame.code === 'TRY_AGAIN' && frame.id) {
      const id = frame.id;
      setTimeout(() => this.ack(id), RETRY_TRY_AGAIN_MS);
    }
    this.handlers.onFrame(frame);
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.handlers.onState('reconnecting');
    const base = Math.min(500 * 2 ** this.attempts, 5_000);
    this.attempts += 1;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect('reconnecting'), base / 2 + Math.random() * (base / 2));
  }

  private reconnectNow(): void {
    if (this.stopped || this.ws?.readyState === WebSocket.OPEN || this.ws?.readyState === WebSocket.CONNECTING) return;
    clearTimeout(this.reconnectTimer);
    this.connect('reconnecting');
  }
}
