// A background loop that runs one pass every interval, never two at once, and logs what a pass
// did or why it failed. Sweepers (hold expiry, checkout expiry, reconciliation) are built on it.
import type { Logger } from 'pino';

export interface IntervalWorker<T> {
  name: string;
  /** One pass now (tests call it directly). */
  runOnce(): Promise<T>;
  start(): void;
  stop(): Promise<void>;
}

export function intervalWorker<T>(
  name: string,
  intervalMs: number,
  logger: Logger,
  pass: () => Promise<T>,
  describe?: (result: T) => string | undefined,
): IntervalWorker<T> {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  return {
    name,
    runOnce: pass,
    start() {
      timer = setInterval(() => {
        running ??= pass()
          .then((result) => {
            const message = describe?.(result);
            if (message) logger.info({ worker: name }, message);
          })
          .catch((err) => logger.error({ worker: name, err: (err as Error).message }, `${name} pass failed`))
          .finally(() => (running = undefined));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
