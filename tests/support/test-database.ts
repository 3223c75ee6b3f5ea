// Each test file gets its own PostgreSQL database: from a testcontainers PostgreSQL where a
// container runtime answers, else a fresh database on the server DATABASE_URL points at
// (CI: the machine's local PostgreSQL). Never a mock: the saga's guarantees live in SQL.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Loading testcontainers costs about 2 s, so look first for any sign of a container runtime
 * (the sockets and settings testcontainers' own strategies read).
 */
function mayHaveContainerRuntime(): boolean {
  const home = os.homedir();
  const candidates = [
    '/var/run/docker.sock',
    path.join(home, '.docker/run/docker.sock'),
    path.join(home, '.docker/desktop/docker.sock'),
    path.join(home, '.testcontainers.properties'),
    process.env.XDG_RUNTIME_DIR ? path.join(process.env.XDG_RUNTIME_DIR, 'docker.sock') : '',
    process.env.XDG_RUNTIME_DIR ? path.join(process.env.XDG_RUNTIME_DIR, 'podman/podman.sock') : '',
  ];
  return Boolean(process.env.DOCKER_HOST) || candidates.some((c) => c && fs.existsSync(c));
}

async function fromContainer(): Promise<TestDatabase | undefined> {
  if (process.env.TESTCONTAINERS === 'false' || !mayHaveContainerRuntime()) return undefined;
  try {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:15-alpine').start();
    return { url: container.getConnectionUri(), drop: async () => void (await container.stop()) };
  } catch (err) {
    if (/container runtime/i.test((err as Error).message)) return undefined;
    throw err;
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const container = await fromContainer();
  if (container) return container;
  const serverUrl = process.env.TEST_DATABASE_SERVER_URL ?? process.env.DATABASE_URL ?? DEFAULT_SERVER_URL;
  const name = `saga_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
