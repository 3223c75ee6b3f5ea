import http from 'node:http';
import type { Express } from 'express';

export interface RunningServer {
  server: http.Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

const isExpressApp = (app: Express | http.RequestListener): app is Express => 'request' in app && 'response' in app;

/**
 * A server whose requests and responses are created with the express app's own prototypes.
 * Otherwise express swaps the prototype of each one as it arrives (Object.setPrototypeOf), which
 * throws away V8's optimisations for every object it touches: here that was 40% of the CPU of a
 * request (95 of 230 µs, client included; expressjs/express#5998). Express still makes the call,
 * but with the prototype the object already has, which changes nothing.
 */
export function createHttpServer(app: Express | http.RequestListener): http.Server {
  if (!isExpressApp(app)) return http.createServer(app);
  // Node's IncomingMessage and ServerResponse are plain constructor functions: calling one on
  // `this` from a function whose prototype is express's builds exactly what node would, with that
  // prototype. Two separate functions on purpose: one shared helper for both (or Reflect.construct)
  // measured barely better than express's default.
  const initRequest = http.IncomingMessage as unknown as (this: unknown, socket: unknown) => void;
  const initResponse = http.ServerResponse as unknown as (this: unknown, req: unknown, options: unknown) => void;
  function ExpressRequest(this: unknown, socket: unknown) {
    initRequest.call(this, socket);
  }
  function ExpressResponse(this: unknown, req: unknown, options: unknown) {
    initResponse.call(this, req, options);
  }
  ExpressRequest.prototype = app.request;
  ExpressResponse.prototype = app.response;
  return http.createServer(
    {
      IncomingMessage: ExpressRequest as unknown as typeof http.IncomingMessage,
      ServerResponse: ExpressResponse as unknown as typeof http.ServerResponse,
    },
    app,
  );
}

/** Who listens, to name in a start-up failure: `order`, `ORDER_PORT`. */
export interface Listener {
  service: string;
  portVariable: string;
}

/**
 * A port the service cannot have: a mistake of configuration, told in one line that names the
 * service, the port and the variable that sets it (no stack: nothing in our code went wrong).
 */
export class PortUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortUnavailableError';
  }
}

/** The listen error as the operator needs it: which service, which port, which variable. */
export function describeListenError(err: unknown, port: number, who: Listener): Error {
  const code = (err as NodeJS.ErrnoException)?.code;
  const where = `${who.service}: port ${port} (${who.portVariable})`;
  if (code === 'EADDRINUSE') return new PortUnavailableError(`${where} is already in use`);
  if (code === 'EACCES') return new PortUnavailableError(`${where} needs privileges this process does not have`);
  if (code === 'EADDRNOTAVAIL')
    return new PortUnavailableError(`${where}: the listen address (HOST) is not an address of this machine`);
  return err as Error;
}

/** Listens and returns a closer that stops accepting, then drains idle keep-alive sockets. */
export function listen(
  app: Express | http.RequestListener,
  port: number,
  host: string,
  who?: Listener,
): Promise<RunningServer> {
  const server = createHttpServer(app);
  // Longer than common load-balancer idle timeouts, so the proxy closes first.
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(who ? describeListenError(err, port, who) : err));
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
