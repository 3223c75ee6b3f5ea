// The bulk pre-scan of a reconciliation pass: Razorpay's orders created in the time window of our
// open payments, listed a page of 100 at a time (GET /v1/orders?from&to&count&skip), so that the
// many intents nobody tried to pay cost no call of their own. An order Razorpay still shows as
// `created` has no payment attempt: GET /v1/orders/{id}/payments would return nothing. Only
// `attempted` and `paid` orders, and orders the scan did not see, need the per-payment check.
import type { Logger } from '@saga/runtime';
import type { RazorpayGateway, RazorpayOrder } from '../razorpay/razorpay-gateway';

/** Razorpay's largest page. */
const PAGE_SIZE = 100;
/**
 * Pages asked for at once. Few: calls in flight share the circuit breaker's abort signal, and
 * Node warns past ten listeners on it (several replicas in one process, as in the tests).
 */
const PARALLEL_PAGES = 3;
/**
 * Our created_at and Razorpay's differ (the intent row is written before the Razorpay order, and
 * the clocks are not the same): the window is widened by this much on each side.
 */
const WINDOW_SLACK_SECONDS = 300;

const RANK: Record<RazorpayOrder['status'], number> = { created: 0, attempted: 1, paid: 2 };

export interface OrderScan {
  /** Razorpay's status of the order, or undefined when the scan did not list it. */
  status(providerOrderId: string | null): RazorpayOrder['status'] | undefined;
  /** The orders listed as `created`: no payment attempt when they were listed. */
  unattempted(): string[];
  listed: number;
  calls: number;
  /** False when the scan stopped early (deadline, Razorpay error): unlisted orders are checked one by one. */
  complete: boolean;
}

export async function scanRazorpayOrders(
  gateway: RazorpayGateway,
  logger: Logger,
  window: { from: number; to: number },
  deadline: number,
): Promise<OrderScan> {
  const from = window.from - WINDOW_SLACK_SECONDS;
  const to = window.to + WINDOW_SLACK_SECONDS;
  const statuses = new Map<string, RazorpayOrder['status']>();
  let calls = 0;
  let complete = false;
  try {
    for (let skip = 0; Date.now() < deadline; skip += PARALLEL_PAGES * PAGE_SIZE) {
      const pages = await Promise.all(
        Array.from({ length: PARALLEL_PAGES }, (_, i) => {
          calls++;
          return gateway.listOrders({ from, to, count: PAGE_SIZE, skip: skip + i * PAGE_SIZE });
        }),
      );
      for (const order of pages.flat()) {
        // Orders created while paging shift the pages (newest first): an order may come twice, and
        // a status only moves forward, so the furthest one seen is the freshest.
        const seen = statuses.get(order.id);
        if (seen === undefined || RANK[order.status] > RANK[seen]) statuses.set(order.id, order.status);
      }
      if (pages.some((page) => page.length < PAGE_SIZE)) {
        complete = true;
        break;
      }
    }
  } catch (err) {
    logger.warn(
      { err: (err as Error).message, listed: statuses.size },
      'reconciliation: listing Razorpay orders failed; unlisted payments are checked one by one',
    );
  }
  return {
    status: (id) => (id === null ? undefined : statuses.get(id)),
    unattempted: () => [...statuses].filter(([, status]) => status === 'created').map(([id]) => id),
    listed: statuses.size,
    calls,
    complete,
  };
}
