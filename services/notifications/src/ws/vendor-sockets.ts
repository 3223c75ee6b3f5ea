// The WebSocket endpoint (/ws) on this replica: authenticates upgrades, keeps the open sockets by
// recipient (a vendor, or a customer), pings them on one timer, and pushes each new notification
// to every socket of its recipient without waiting on any of them. See vendor-connection.ts for
// one socket's rules (the same for both audiences).
import type http from 'node:http';
import type { Logger, TokenVerifier } from '@saga/runtime';
import { type WebSocket, WebSocketServer } from 'ws';
import { type Notification, type Recipient, outgoingFrame, recipientKey } from '../notifications/notification';
import { authenticateSocket, refuseUpgrade } from './upgrade-auth';
import { type ConnectionDeps, VendorConnection } from './vendor-connection';
import { vendorSocketCap } from './vendor-socket-cap';

export const WS_PATH = '/ws';
/** Client frames are small (acks, pings). */
const MAX_CLIENT_FRAME_BYTES = 16 * 1024;
/** How long a closing client gets to answer the close handshake before it is cut. */
const CLOSE_GRACE_MS = 1000;
/** Close code when the token the socket was opened with expires: reconnect with a fresh token. */
export const TOKEN_EXPIRED_CLOSE_CODE = 4001;

export interface VendorSocketsOptions extends ConnectionDeps {
  verifyToken: TokenVerifier;
  logger: Logger;
  heartbeatMs: number;
  /** Open sockets one vendor may have on this replica; past it the upgrade is refused (429). */
  maxSocketsPerVendor: number;
}

export interface VendorSockets {
  attach(server: http.Server): void;
  /** Sends a just-committed notification to every socket its recipient has open here. */
  push(notification: Notification): void;
  close(): Promise<void>;
}

export function createVendorSockets(options: VendorSocketsOptions): VendorSockets {
  const { verifyToken, logger, metrics } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
  /** Open connections by recipientKey (vendor:<vendorId>, customer:<sub>). */
  const byRecipient = new Map<string, Set<VendorConnection>>();
  // The same cap for a customer's sockets as for a vendor's (a customer token could open as many).
  const cap = vendorSocketCap(options.maxSocketsPerVendor);
  // A socket that died without closing is cut within two heartbeats, freeing its slot.
  const retryAfterSeconds = Math.max(1, Math.ceil((2 * options.heartbeatMs) / 1000));
  let closing = false;

  const heartbeat = setInterval(() => {
    for (const connections of byRecipient.values()) for (const connection of connections) connection.heartbeat();
  }, options.heartbeatMs);
  heartbeat.unref();

  function connect(recipient: Recipient, ws: WebSocket, expiresAt: number | undefined): void {
    const key = recipientKey(recipient);
    const connection = new VendorConnection(recipient, ws, options);
    const connections = byRecipient.get(key) ?? new Set<VendorConnection>();
    connections.add(connection);
    byRecipient.set(key, connections);
    metrics.openSockets.inc();
    ws.on('error', (err) => logger.debug({ audience: recipient.audience, err: err.message }, 'socket error'));
    // The token was checked once, at the upgrade: the socket must not outlive it (access revoked by
    // expiry stays revoked). The client reconnects with a fresh token; unacked orders are replayed.
    const expiry =
      expiresAt === undefined
        ? undefined
        : setTimeout(
            () => ws.close(TOKEN_EXPIRED_CLOSE_CODE, 'token expired; reconnect with a fresh token'),
            Math.max(0, expiresAt - Date.now()),
          );
    expiry?.unref();
    ws.once('close', () => {
      clearTimeout(expiry);
      metrics.openSockets.dec();
      connections.delete(connection);
      if (connections.size === 0 && byRecipient.get(key) === connections) byRecipient.delete(key);
    });
    // Registered before the replay reads, so nothing committed from now on can slip between the two.
    connection.start();
  }

  /** Tells every client to reconnect (to another replica) and cuts those that do not close in time. */
  function goAway(): void {
    closing = true;
    for (const ws of wss.clients) ws.close(1001, 'server shutting down');
    setTimeout(() => wss.clients.forEach((ws) => ws.terminate()), CLOSE_GRACE_MS).unref();
  }

  return {
    attach(server) {
      server.on('upgrade', (req: http.IncomingMessage, socket, head) => {
        socket.on('error', () => socket.destroy());
        const url = new URL(req.url ?? '/', 'http://localhost');
        if (url.pathname !== WS_PATH)
          return refuseUpgrade(socket, 404, 'NOT_FOUND', `WebSocket endpoint is ${WS_PATH}`);
        if (closing) return refuseUpgrade(socket, 503, 'SERVICE_UNAVAILABLE', 'shutting down; reconnect');
        void authenticateSocket(req, url, verifyToken).then((check) => {
          if (!('recipient' in check)) return refuseUpgrade(socket, check.status, 'UNAUTHENTICATED', check.detail);
          if (closing || socket.destroyed) return void socket.destroy();
          const { recipient } = check;
          if (!cap.admit(recipientKey(recipient), socket)) {
            metrics.socketsRefused.inc({ reason: `${recipient.audience}_cap` });
            logger.debug(
              {
                audience: recipient.audience,
                ...(recipient.audience === 'vendor' ? { vendorId: recipient.id } : {}),
                max: cap.max,
              },
              'socket refused: at the cap',
            );
            const detail = `this ${recipient.audience} already has ${cap.max} sockets open; close one before opening another`;
            return refuseUpgrade(socket, 429, 'TOO_MANY_SOCKETS', detail, retryAfterSeconds);
          }
          wss.handleUpgrade(req, socket, head, (ws) => connect(recipient, ws, check.expiresAt));
        });
      });
      // Node's server.close() waits for upgraded sockets, which closeAllConnections() never cuts:
      // as the host stops the HTTP server, ask the vendors to go away first.
      const closeServer = server.close.bind(server);
      server.close = ((callback?: (err?: Error) => void) => {
        goAway();
        return closeServer(callback);
      }) as typeof server.close;
    },

    push(notification) {
      const connections = byRecipient.get(recipientKey(notification.recipient));
      if (!connections) return;
      const frame = outgoingFrame(notification);
      for (const connection of connections) connection.push(frame);
    },

    async close() {
      closing = true;
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
