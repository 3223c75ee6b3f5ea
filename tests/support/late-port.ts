// A free port for a server that listens only later (an app started after its sidecar, a proxy that
// opens once its app is up). freePort's kernel-chosen port lies in the ephemeral range, where any
// outgoing connection made meanwhile (to PostgreSQL, Redis, a sidecar) may take it first
// (EADDRINUSE); a port below that range is taken only by a listener.
import net from 'node:net';

const LOW = 20_000;
const HIGH = 32_000; // Linux's ephemeral range starts at 32768

export async function latePort(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port between ${LOW} and ${HIGH}`);
}
