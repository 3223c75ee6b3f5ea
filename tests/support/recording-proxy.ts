// A recording pass-through between a real daprd and its app, for tests only. What daprd does inside
// cannot be recorded, but what it hands the app can: the sidecar's --app-port points here, and every
// request it makes of its app (another app's invocation, a pub/sub delivery, GET /dapr/subscribe)
// is forwarded to the app unchanged and recorded with the app's answer. A transport error towards
// the app cuts daprd's connection, as the app itself would.
import http from 'node:http';
import { HOP_BY_HOP, callApp, decodeBody, flatHeaders, readBody } from './dapr-double-http';
import { until } from './until';

/** One request a sidecar made of its app. */
export interface AppRequest {
  /** Arrival order across every proxy writing to the same log. */
  seq: number;
  /** The app it was for. */
  app: string;
  method: string;
  /** Path and query, as daprd sent them. */
  path: string;
  /** Lower-cased names, as daprd sent them. */
  headers: Record<string, string>;
  /** Parsed JSON when it parses, else text; undefined when empty. */
  body: any;
  /** The app's answer, once it answered. */
  status?: number;
  responseBody?: any;
}

export interface RecordingProxy {
  /** Where the sidecar reaches its app (its --app-port). */
  port: number;
  /**
   * Listens once the app answers GET /healthz. Not before: daprd reads GET /dapr/subscribe as soon
   * as its app port accepts connections, and only once.
   */
  openWhenAppLives(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export function recordingProxy(app: string, appPort: number, port: number, log: AppRequest[]): RecordingProxy {
  const appUrl = `http://127.0.0.1:${appPort}`;
  const agent = new http.Agent({ keepAlive: true });
  let closed = false;
  const server = http.createServer((req, res) => void forward(req, res));
  async function forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const rawBody = await readBody(req, 16 * 1024 * 1024);
      const headers = flatHeaders(req.headers);
      const record: AppRequest = {
        seq: log.length + 1,
        app,
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers,
        body: decodeBody(rawBody),
      };
      log.push(record);
      const forwarded = Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
      const answer = await callApp(agent, new URL(record.path, appUrl), {
        method: record.method,
        headers: forwarded,
        body: rawBody,
        timeoutMs: 60_000,
      });
      record.status = answer.status;
      record.responseBody = decodeBody(answer.body);
      const back = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
      res.writeHead(answer.status, { ...back, 'content-length': answer.body.length });
      res.end(answer.body);
    } catch {
      res.destroy();
    }
  }
  return {
    port,
    async openWhenAppLives(timeoutMs) {
      await until(
        () =>
          fetch(`${appUrl}/healthz`).then(
            (r) => r.ok,
            () => false,
          ),
        (up) => up || closed,
        timeoutMs,
        100,
      );
      if (closed) return;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
    },
    async close() {
      closed = true;
      agent.destroy();
      if (!server.listening) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
