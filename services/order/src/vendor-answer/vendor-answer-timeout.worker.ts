// Rejects placed orders whose vendor has not answered within VENDOR_ACCEPTANCE_TIMEOUT_SECONDS,
// with that reason, and refunds them (the same transition as a vendor's rejection). SKIP LOCKED lets
// replicas sweep side by side, and lets a vendor's answer that holds the row win: the sweep leaves
// the row, and finds it no longer waiting next time.
import type { Logger, Outbox } from '@saga/runtime';
import { intervalWorker } from '@saga/runtime';
import { decide } from '../order-state/decide';
import { lockUnansweredOrders } from '../repositories/order-repository';
import { rejectWaiting } from './answer-transitions';

const BATCH_SIZE = 200;

export const timeoutReason = (seconds: number) => `the vendor did not answer within ${seconds} seconds`;

export function vendorAnswerTimeoutWorker(outbox: Outbox, logger: Logger, timeoutSeconds: number, intervalMs: number) {
  const reason = timeoutReason(timeoutSeconds);
  const sweep = () =>
    outbox.transaction(async (tx, out) => {
      const due = await lockUnansweredOrders(tx, timeoutSeconds, BATCH_SIZE);
      let rejected = 0;
      for (const order of due) {
        const decision = decide(order, { type: 'VendorAnswerTimedOut', reason });
        if (decision.kind === 'transition' && (await rejectWaiting(tx, out, order, decision, 'timeout'))) rejected++;
      }
      return rejected;
    });
  return {
    ...intervalWorker('vendor-answer-timeout', intervalMs, logger, sweep, (n) =>
      n ? `rejected ${n} orders their vendors did not answer` : undefined,
    ),
    sweep,
  };
}
