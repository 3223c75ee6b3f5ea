// The web server forwards the pages' API calls and their WebSocket to the services, by path, as
// the Ingress does in deploy/: the pages only ever talk to their own origin (no CORS, no URLs
// baked into the build). Bodies and frames are streamed through untouched.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';

/** Path prefix -> base URL of the service that serves it; the first match wins. */
export type Routes = Array<[prefix: string, target: string]>;

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'te',
  'trailer',
  'upgrade',
]);

export function targetOf(routes: Routes, url: string | undefined): URL | undefined {
  const path = (url ?? '/').split('?')[0]!;
  const match = routes.find(
    ([prefix]) => path === prefix || path.startsWith(`${prefix}/`) || (prefix.endsWith('/') && path.startsWith(prefix)),
  );
  return match ? new URL(match[1]) : undefined;
}

function forwardedHeaders(req: IncomingMessage, target: URL): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
  headers.host = target.host;
  headers['x-forwarded-host'] = req.headers.host ?? '';
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  return headers;
}

/** Forwards one HTTP request; `onFailure` answers when the service cannot be reached. */
export function proxyRequest(req: IncomingMessage, res: ServerResponse, target: URL, onFailure: () => void): void {
  const upstream = http.request(
    {
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: forwardedHeaders(req, target),
    },
    (answer) => {
      const headers = { ...answer.headers };
      for (const name of HOP_BY_HOP) delete headers[name];
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) onFailure();
    else res.destroy();
  });
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}

/** Forwards a WebSocket upgrade byte for byte; returns the upstream socket so the server can close it. */
export function proxyUpgrade(req: IncomingMessage, client: Duplex, head: Buffer, target: URL): net.Socket {
  const upstream = net.connect(Number(target.port), target.hostname);
  upstream.on('connect', () => {
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i]!;
      if (name.toLowerCase() === 'host') lines.push(`Host: ${target.host}`);
      else lines.push(`${name}: ${req.rawHeaders[i + 1]}`);
    }
    lines.push(`X-Forwarded-For: ${req.socket.remoteAddress ?? ''}`);
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', () => {
    if (client.writable && !upstream.bytesRead)
      client.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else client.destroy();
  });
  client.on('error', () => upstream.destroy());
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
  return upstream;
}
