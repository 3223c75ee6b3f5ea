// The pages are built by Vite into apps/web/dist. `npm start` and the browser tests call
// ensureWebBuild(): it builds only when the sources changed since the last build (a hash of them is
// kept beside the output), so a fresh clone builds once (a few seconds) and later starts do not.
// Concurrent callers (parallel test files) wait for one build instead of racing on dist/.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

export const WEB_APP_DIR = path.resolve(__dirname, '../../apps/web');
export const WEB_DIST_DIR = path.join(WEB_APP_DIR, 'dist');
const HASH_FILE = path.join(WEB_DIST_DIR, '.source-hash');
const LOCK_DIR = path.join(WEB_APP_DIR, '.build-lock');
const STALE_LOCK_MS = 5 * 60_000;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** What the build depends on: the sources, the page, the build config and the pinned dependencies. */
export function sourceHash(appDir = WEB_APP_DIR): string {
  const hash = createHash('sha256');
  const files = [...filesUnder(path.join(appDir, 'src')), ...['index.html', 'vite.config.ts', 'package.json', 'tsconfig.json'].map((f) => path.join(appDir, f))].sort();
  for (const file of files) hash.update(path.relative(appDir, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

export function webBuildIsCurrent(): boolean {
  return existsSync(path.join(WEB_DIST_DIR, 'index.html')) && existsSync(HASH_FILE) && readFileSync(HASH_FILE, 'utf8') === sourceHash();
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch {
      const age = Date.now() - (existsSync(LOCK_DIR) ? statSync(LOCK_DIR).mtimeMs : Date.now());
      if (age > STALE_LOCK_MS) rmSync(LOCK_DIR, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/** Builds the pages unless the build is current; returns whether it built. */
export async function ensureWebBuild(log: (line: string) => void = () => undefined): Promise<boolean> {
  if (webBuildIsCurrent()) return false;
  return withLock(async () => {
    if (webBuildIsCurrent()) return false; // another process built it meanwhile
    log('Building the web pages (apps/web, Vite)...');
    const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [WEB_APP_DIR] })), 'bin', 'vite.js');
    const hash = sourceHash();
    await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: WEB_APP_DIR, maxBuffer: 16 * 1024 * 1024 });
    writeFileSync(HASH_FILE, hash);
    return true;
  });
}
