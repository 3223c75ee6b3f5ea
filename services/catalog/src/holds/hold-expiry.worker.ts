// Releases holds whose checkout was never paid. SKIP LOCKED lets several replicas sweep at once
// without taking the same hold twice; the order service's own expiry is the primary path, this is
// the catalog's guarantee that stock never leaks.
import type { Database, Logger } from '@saga/runtime';
import { closeHold } from './release-hold';

export function holdExpiryWorker(db: Database, logger: Logger, intervalMs: number) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  async function sweep(): Promise<number> {
    return db.transaction(async (tx) => {
      const due = await tx.query<{ order_reference: string }>(
        `select order_reference from holds where status = 'HELD' and expires_at <= now() order by expires_at limit 200 for update skip locked`,
      );
      for (const { order_reference } of due) await closeHold(tx, order_reference, 'EXPIRED', 'checkout expired unpaid');
      return due.length;
    });
  }

  return {
    name: 'hold-expiry',
    sweep,
    start() {
      timer = setInterval(() => {
        if (running) return;
        running = sweep()
          .then((n) => void (n && logger.info({ expired: n }, 'expired holds released')))
          .catch((err) => logger.error({ err: (err as Error).message }, 'hold expiry sweep failed'))
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
