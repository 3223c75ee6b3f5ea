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
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

/** What the build depends on: the sources, the page, the build config and the pinned dependencies. */
export function sourceHash(appDir = WEB_APP_DIR): string {
  const hash = createHash('sha256');
  const files = [
    ...filesUnder(path.join(appDir, 'src')),
    ...['index.html', 'vite.config.ts', 'package.json', 'tsconfig.json'].map((f) => path.join(appDir, f)),
  ].sort();
  for (const file of files)
    hash.update(path.relative(appDir, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

export function webBuildIsCurrent(): boolean {
  return (
    existsSync(path.join(WEB_DIST_DIR, 'index.html')) &&
    existsSync(HASH_FILE) &&
    readFileSync(HASH_FILE, 'utf8') === sourceHash()
  );
}

/** The lock's holder is gone (it exited mid-build) or has held it implausibly long. */
function lockIsStale(): boolean {
  try {
    const pid = Number(readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
    process.kill(pid, 0);
  } catch (err) {
    // ESRCH: no such process. A lock without its pid file is one being written: not stale yet.
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return true;
  }
  return existsSync(LOCK_DIR) && Date.now() - statSync(LOCK_DIR).mtimeMs > STALE_LOCK_MS;
}

/** Runs `work` holding the build lock (one build at a time across processes). */
export async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
      break;
    } catch {
      if (lockIsStale()) rmSync(LOCK_DIR, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  // npm start exits at once on a start-up failure: the lock goes with it.
  const release = () => rmSync(LOCK_DIR, { recursive: true, force: true });
  process.once('exit', release);
  try {
    return await work();
  } finally {
    process.off('exit', release);
    release();
  }
}

/** Builds the pages unless the build is current; returns whether it built. */
export async function ensureWebBuild(log: (line: string) => void = () => undefined): Promise<boolean> {
  if (webBuildIsCurrent()) return false;
  return withBuildLock(async () => {
    if (webBuildIsCurrent()) return false; // another process built it meanwhile
    log('Building the web pages (apps/web, Vite)...');
    const vite = path.join(
      path.dirname(require.resolve('vite/package.json', { paths: [WEB_APP_DIR] })),
      'bin',
      'vite.js',
    );
    const hash = sourceHash();
    await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: WEB_APP_DIR,
      maxBuffer: 16 * 1024 * 1024,
    });
    writeFileSync(HASH_FILE, hash);
    return true;
  });
}
