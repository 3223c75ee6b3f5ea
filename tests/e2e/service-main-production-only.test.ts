// A service's own main (services/<name>/src/main.ts: what its image runs) starts only next to a
// Dapr sidecar on a real PostgreSQL. Without DATABASE_URL it refuses in one line and starts no
// embedded PGlite: that fallback belongs to the dev harness (npm start -w services/<name>).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function runToExit(entry: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'RUNTIME'),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], {
      cwd: ROOT,
      env: { ...clean, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("a service's own main", () => {
  it('without DATABASE_URL and RUNTIME=dapr, exits non-zero naming both, and opens no PGlite', async () => {
    const pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pglite-'));
    try {
      const { code, output } = await runToExit('services/order/src/main.ts', {
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        ORDER_PORT: '0',
        PGLITE_DIR: pgliteDir,
      });
      expect(code).not.toBe(0);
      expect(output).toContain('RUNTIME: must be dapr');
      expect(output).toContain('DATABASE_URL: required');
      expect(output).not.toMatch(/\n\s+at /);
      expect(fs.readdirSync(pgliteDir)).toEqual([]);
    } finally {
      fs.rmSync(pgliteDir, { recursive: true, force: true });
    }
  }, 90_000);
});
