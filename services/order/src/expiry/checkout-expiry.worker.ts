// Expires checkouts that were not paid in CHECKOUT_EXPIRY_SECONDS: EXPIRED with its reason, and
// OrderExpired so the catalog gives the stock back. A checkout with a Razorpay order is expired
// only once the gateway (asked through payments) shows no captured or authorised payment for it:
// a payment made inside the window whose webhook is late or lost is confirmed by that very check
// (the same path as its webhook) and the order is placed, not expired and refunded. The rule is in
// expiry-rule.ts. Replicas sweep side by side: each due order is leased to one
// (repositories/checkout-expiry-repository.ts).
import { type Database, type IntervalWorker, type Logger, type Outbox, intervalWorker } from '@saga/runtime';
import type { Counter } from 'prom-client';
import type { GatewayPaymentStatus, PaymentsClient } from '../clients/payments-client';
import { type Transition, decide } from '../order-state/decide';
import { expiryDecision } from './expiry-rule';
import { claimDueCheckouts, deferExpiry } from '../repositories/checkout-expiry-repository';
import type { DueCheckout } from '../repositories/order-rows';
import { expireCheckouts } from './expire-checkouts';

export interface ExpiryDeps {
  db: Database;
  outbox: Outbox;
  payments: Pick<PaymentsClient, 'paymentAtGateway'>;
  logger: Logger;
  /** Checkouts by what the sweep did: expired, deferred_paid, deferred_unreachable. */
  outcomes: Counter<'outcome'>;
  maxDeferSeconds: number;
}

export interface ExpiryReport {
  expired: number;
  deferred: number;
}

const BATCH_SIZE = 200;
/** Outlasts one gateway check (payments' Razorpay call with its timeout and retry). */
const LEASE_SECONDS = 60;
/** Gateway checks at once per replica. */
const PARALLEL_CHECKS = 8;
/** The next look at a deferred order: this, doubling with each look, at most RECHECK_MAX_SECONDS. */
const RECHECK_BASE_SECONDS = 5;
const RECHECK_MAX_SECONDS = 300;

export function checkoutExpiryWorker(deps: ExpiryDeps, intervalMs: number): IntervalWorker<ExpiryReport> {
  async function gatewayStatusOf(order: DueCheckout): Promise<GatewayPaymentStatus | 'NO_PAYMENT_ORDER'> {
    if (!order.provider_order_id) return 'NO_PAYMENT_ORDER';
    return deps.payments.paymentAtGateway(order.order_id);
  }

  /** Expire (returned, to be expired with the batch) or put off (done here). */
  async function expireOrDefer(
    order: DueCheckout,
  ): Promise<{ orderId: string; expiry: Transition } | GatewayPaymentStatus | undefined> {
    const gateway = await gatewayStatusOf(order);
    const overdueSeconds = (Date.now() - new Date(order.expires_at).getTime()) / 1000;
    const decision = expiryDecision(gateway, overdueSeconds, deps.maxDeferSeconds);
    if (decision.expire) {
      const expiry = decide(order, { type: 'CheckoutExpired', reason: decision.reason });
      // Claimed in CHECKOUT, so always a transition; a refusal would leave the order as it is.
      return expiry.kind === 'transition' ? { orderId: order.order_id, expiry } : undefined;
    }
    const delay = Math.min(RECHECK_MAX_SECONDS, RECHECK_BASE_SECONDS * 2 ** Math.min(order.expiry_checks - 1, 16));
    // The timeline says why on the first look only.
    await deferExpiry(
      deps.db,
      order.order_id,
      delay,
      order.expiry_checks === 1 ? [['EXPIRY_DEFERRED', { reason: decision.reason, gateway }]] : [],
    );
    deps.outcomes.inc({ outcome: gateway === 'UNREACHABLE' ? 'deferred_unreachable' : 'deferred_paid' });
    return gateway as GatewayPaymentStatus;
  }

  async function sweep(): Promise<ExpiryReport> {
    const due = await claimDueCheckouts(deps.db, BATCH_SIZE, LEASE_SECONDS);
    const decided: Array<Awaited<ReturnType<typeof expireOrDefer>>> = [];
    for (let i = 0; i < due.length; i += PARALLEL_CHECKS) {
      const batch = due.slice(i, i + PARALLEL_CHECKS).map((order) =>
        expireOrDefer(order).catch((err: Error) => {
          // The lease is the retry: the order is looked at again once it lapses.
          deps.logger.warn(
            { orderId: order.order_id, err: err.message },
            'checkout expiry: deciding about an order failed; will retry',
          );
          return undefined;
        }),
      );
      decided.push(...(await Promise.all(batch)));
    }
    const expired = await expireCheckouts(
      deps.outbox,
      decided.filter((d): d is { orderId: string; expiry: Transition } => typeof d === 'object'),
    );
    deps.outcomes.inc({ outcome: 'expired' }, expired);
    const unreachable = decided.filter((d) => d === 'UNREACHABLE').length;
    if (unreachable)
      deps.logger.warn(
        { orders: unreachable },
        'checkout expiry: the payment gateway could not be asked; those orders are looked at again later',
      );
    return { expired, deferred: decided.filter((d) => typeof d === 'string').length };
  }

  const describe = (r: ExpiryReport) =>
    r.expired || r.deferred ? `checkout expiry: expired ${r.expired}, deferred ${r.deferred}` : undefined;
  return intervalWorker('checkout-expiry', intervalMs, deps.logger, sweep, describe);
}
