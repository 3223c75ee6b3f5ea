import http from 'node:http';
import type { Express } from 'express';

export interface RunningServer {
  server: http.Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Listens and returns a closer that stops accepting, then drains idle keep-alive sockets. */
export function listen(app: Express | http.RequestListener, port: number, host: string): Promise<RunningServer> {
  const server = http.createServer(app);
  // Longer than common load-balancer idle timeouts, so the proxy closes first.
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = (server.address() as { port: number }).port;
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      resolve({
        server,
        port: actual,
        url: `http://${shownHost}:${actual}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
            // In-flight requests get a grace period; then the remaining sockets are cut.
            setTimeout(() => server.closeAllConnections(), 3000).unref();
          }),
      });
    });
  });
}
