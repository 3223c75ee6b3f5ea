import { WebSocket } from 'ws';

export interface Frame {
  event: string;
  id?: string;
  data?: Record<string, any>;
}

/** A vendor dashboard's socket: collects frames and lets a test await the one it expects. */
export async function openVendorSocket(notificationsUrl: string, token: string) {
  const ws = new WebSocket(`${notificationsUrl.replace(/^http/, 'ws')}/ws?access_token=${token}`);
  const frames: Frame[] = [];
  const waiters: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  ws.on('message', (raw) => {
    const frame = JSON.parse(raw.toString()) as Frame;
    frames.push(frame);
    for (const w of [...waiters]) {
      if (w.match(frame)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(frame);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    frames,
    newOrders: () => frames.filter((f) => f.event === 'new_order'),
    next(match: (f: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
      const seen = frames.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('expected frame did not arrive')), timeoutMs);
        waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
      });
    },
    onClose: (listener: () => void) => void ws.once('close', listener),
    ack: (id: string) => ws.send(JSON.stringify({ event: 'ack', id })),
    close: () =>
      new Promise<void>((resolve) =>
        ws.readyState === WebSocket.CLOSED ? resolve() : (ws.once('close', () => resolve()), ws.close()),
      ),
  };
}
