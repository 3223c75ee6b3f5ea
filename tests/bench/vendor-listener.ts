// One open WebSocket per vendor, as vendor dashboards would hold them: records when each order's
// new_order frame arrives and acknowledges it.
import { WebSocket } from 'ws';

export class VendorListener {
  private readonly sockets: WebSocket[] = [];
  private readonly arrivals = new Map<string, number>();
  private readonly waiters = new Map<string, (at: number) => void>();
  frames = 0;

  async connect(url: string, tokens: string[]): Promise<void> {
    await Promise.all(
      tokens.map(
        (token) =>
          new Promise<void>((resolve, reject) => {
            const ws = new WebSocket(`${url}?access_token=${token}`);
            ws.on('open', () => resolve());
            ws.on('error', reject);
            ws.on('message', (raw) => this.onFrame(ws, raw.toString()));
            this.sockets.push(ws);
          }),
      ),
    );
  }

  /** Resolves with the arrival time (epoch ms) of the order's frame. */
  waitFor(orderId: string, timeoutMs: number): Promise<number> {
    const seen = this.arrivals.get(orderId);
    if (seen !== undefined) {
      this.arrivals.delete(orderId);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(orderId);
        reject(new Error(`no new_order frame for ${orderId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(orderId, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  }

  close(): void {
    this.sockets.forEach((ws) => ws.terminate());
  }

  private onFrame(ws: WebSocket, text: string): void {
    const at = performance.timeOrigin + performance.now();
    let frame: { event?: string; id?: string; data?: { orderId?: string } };
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (frame.event !== 'new_order' || !frame.data?.orderId) return;
    this.frames++;
    ws.send(JSON.stringify({ event: 'ack', id: frame.id }));
    const waiter = this.waiters.get(frame.data.orderId);
    if (waiter) {
      this.waiters.delete(frame.data.orderId);
      waiter(at);
    } else {
      this.arrivals.set(frame.data.orderId, at);
    }
  }
}
