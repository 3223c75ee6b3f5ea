// `npm start` without DATABASE_URL: PGlite (PostgreSQL compiled to WASM) under ./.data, served over
// the PostgreSQL wire protocol on a loopback port so every service uses the one real driver path.
// PGlite is a single connection: the socket server queues queries and keeps one open transaction
// from interleaving with another, so it is for local runs, not for load.
import fs from 'node:fs';
import net from 'node:net';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/** A port nothing listens on right now (for servers that cannot take port 0). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  // PGlite and its socket server ship as ES modules only.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  fs.mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const port = await freePort();
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 100 });
  await server.start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
