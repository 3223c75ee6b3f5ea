// A TypeScript entry point of ours in a child process (node --import tsx), started and waited for
// until the given URLs answer /readyz; killable with SIGKILL like a crashed pod.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface ChildHandle {
  start(): Promise<void>;
  kill(): void;
  /** SIGTERM, then SIGKILL after 8 s; resolves with the exit code (null when it had to be killed). */
  stop(): Promise<number | null>;
  output(): string;
  /** The running child's process id, if any. */
  pid(): number | undefined;
  /** Started and not exited (a crash shows here). */
  running(): boolean;
}

export function childProcess(
  entry: string,
  env: Record<string, string>,
  readyUrls: string[],
  readyTimeoutMs = 30_000,
  readyPath = '/readyz',
): ChildHandle {
  let child: ChildProcess | undefined;
  let output = '';
  return {
    output: () => output,
    pid: () => child?.pid,
    running: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    async start() {
      output = '';
      child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], {
        cwd: ROOT,
        env: { ...process.env, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (d) => (output += d));
      child.stderr!.on('data', (d) => (output += d));
      const deadline = Date.now() + readyTimeoutMs;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}:\n${output.slice(-3000)}`);
        const ready = await Promise.all(
          readyUrls.map((u) =>
            fetch(`${u}${readyPath}`).then(
              (r) => r.ok,
              () => false,
            ),
          ),
        );
        if (ready.every(Boolean)) return;
        if (Date.now() > deadline)
          throw new Error(`${entry} not ready in ${readyTimeoutMs} ms:\n${output.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    kill() {
      child?.kill('SIGKILL');
    },
    async stop() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 8000)))]);
      clearTimeout(timer);
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        return null;
      }
      return child.exitCode;
    },
  };
}
