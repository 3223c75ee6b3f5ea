// The hostile side of `npm run bench:flood`, in a process of its own so that building and sending
// its bodies never competes with the system's event loop: N anonymous connections posting, again
// and again, either 1 MiB of JSON, a small gzip body that inflates to 1 MiB, or (to compare with)
// a tiny body. It counts what it
// sent and how it was answered, and reports when the parent asks.
import http from 'node:http';
import { gzipSync } from 'node:zlib';

/** `tiny`: a 30-byte body, the cost of the requests themselves, to compare the other two with. */
export type FloodKind = 'json' | 'gzip' | 'tiny';

export interface FloodConfig {
  url: string;
  connections: number;
  kind: FloodKind;
}

export interface FloodReport {
  sent: number;
  statuses: Record<string, number>;
  compressedBytes: number;
}

/** A JSON document of `bytes` bytes that a parser has to read in full. */
export function largeJson(bytes: number): Buffer {
  const filler = 'x'.repeat(bytes - '{"cartItems":[],"padding":""}'.length);
  return Buffer.from(`{"cartItems":[],"padding":"${filler}"}`);
}

export function floodBody(kind: FloodKind): { body: Buffer; headers: Record<string, string> } {
  if (kind === 'tiny')
    return { body: Buffer.from('{"cartItems":[],"padding":"x"}'), headers: { 'content-type': 'application/json' } };
  // Just under the services' historical 1 MiB limit, so a server that reads it parses all of it.
  const json = largeJson(1024 * 1024 - 64);
  if (kind === 'json') return { body: json, headers: { 'content-type': 'application/json' } };
  return {
    body: gzipSync(json, { level: 9 }),
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
  };
}

function runFlood(config: FloodConfig, stop: AbortSignal, report: FloodReport): Promise<void> {
  const { body, headers } = floodBody(config.kind);
  report.compressedBytes = body.length;
  const agent = new http.Agent({ keepAlive: true, maxSockets: config.connections });
  const once = () =>
    new Promise<void>((resolve) => {
      const req = http.request(
        config.url,
        { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) } },
        (res) => {
          report.statuses[res.statusCode ?? 0] = (report.statuses[res.statusCode ?? 0] ?? 0) + 1;
          res.resume();
          res.on('end', resolve);
          res.on('error', () => resolve());
        },
      );
      req.on('error', () => {
        report.statuses.error = (report.statuses.error ?? 0) + 1;
        resolve();
      });
      req.end(body);
      report.sent++;
    });
  const loop = async () => {
    while (!stop.aborted) await once();
  };
  return Promise.all(Array.from({ length: config.connections }, loop)).then(() => agent.destroy());
}

if (require.main === module) {
  const stop = new AbortController();
  const report: FloodReport = { sent: 0, statuses: {}, compressedBytes: 0 };
  let done: Promise<void> | undefined;
  process.on('message', (message: { start?: FloodConfig; stop?: true }) => {
    if (message.start) done = runFlood(message.start, stop.signal, report);
    if (message.stop) {
      stop.abort();
      void (done ?? Promise.resolve()).then(() => {
        process.send!({ report });
        process.disconnect();
      });
    }
  });
  process.send!({ ready: true });
}
