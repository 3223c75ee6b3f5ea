// The vendor WebSocket endpoint (/ws). Connections authenticate with a vendor token in the
// Authorization header or, for browsers, ?access_token=; anything else is refused at the upgrade.
import type http from 'node:http';
import { bearerToken, type Logger, type Principal, type TokenVerifier } from '@saga/runtime';
import { WebSocket, WebSocketServer } from 'ws';

export const WS_PATH = '/ws';

export interface VendorSockets {
  attach(server: http.Server): void;
  /** Sockets currently open for a vendor. */
  socketsOf(vendorId: string): Set<WebSocket>;
  close(): Promise<void>;
}

export function createVendorSockets(verify: TokenVerifier, logger: Logger, onConnect: (vendorId: string, socket: WebSocket) => void): VendorSockets {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const byVendor = new Map<string, Set<WebSocket>>();

  async function authenticate(req: http.IncomingMessage): Promise<Principal | undefined> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const token = bearerToken(req.headers.authorization) ?? url.searchParams.get('access_token') ?? undefined;
    if (!token) return undefined;
    try {
      const principal = await verify(token);
      return principal.role === 'vendor' && principal.vendorId ? principal : undefined;
    } catch {
      return undefined;
    }
  }

  return {
    attach(server) {
      server.on('upgrade', (req, socket, head) => {
        if (new URL(req.url ?? '/', 'http://localhost').pathname !== WS_PATH) return void socket.destroy();
        void authenticate(req).then((principal) => {
          if (!principal) {
            socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"code":"UNAUTHENTICATED"}');
            return;
          }
          wss.handleUpgrade(req, socket, head, (ws) => {
            const vendorId = principal.vendorId as string;
            const set = byVendor.get(vendorId) ?? new Set<WebSocket>();
            set.add(ws);
            byVendor.set(vendorId, set);
            ws.on('close', () => set.delete(ws));
            ws.on('error', (err) => logger.debug({ vendorId, err: err.message }, 'socket error'));
            onConnect(vendorId, ws);
          });
        });
      });
    },
    socketsOf: (vendorId) => byVendor.get(vendorId) ?? new Set(),
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

export function isOpen(ws: WebSocket): boolean {
  return ws.readyState === WebSocket.OPEN;
}
