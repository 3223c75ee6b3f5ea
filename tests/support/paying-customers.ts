// Customers who check out and pay, over and over, until told to stop: the load under which the
// fault tests kill database connections or the whole process. Every answer is kept, so a test can
// say which ones it accepts; every captured payment is kept, so it can follow each saga to its end.
import type { RazorpaySimulator } from '@saga/razorpay-sim';
import { postCheckout } from './checkout-client';
import { customerToken } from './tokens';

export interface PaidSaga {
  orderId: string;
  rzpOrderId: string;
  paymentId: string;
  productId: string;
  quantity: number;
}

export interface CheckoutAnswer {
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  body: unknown;
}

export interface PayingCustomers {
  /** Every checkout answer, in the order they came. */
  answers: CheckoutAnswer[];
  /** Checkouts that failed with no HTTP answer (connection refused or reset: the process was down). */
  unanswered: string[];
  /** Stops the customers after the saga each is in; resolves with every payment captured. */
  stop(): Promise<PaidSaga[]>;
}

export function payingCustomers(options: {
  orderUrl: () => string;
  sim: RazorpaySimulator;
  productIds: string[];
  customers: number;
}): PayingCustomers {
  const answers: CheckoutAnswer[] = [];
  const unanswered: string[] = [];
  const paid: PaidSaga[] = [];
  let stopped = false;

  async function customer(n: number): Promise<void> {
    const token = await customerToken(`load-customer-${n}`);
    for (let round = 0; !stopped; round++) {
      const productId = options.productIds[(n + round) % options.productIds.length]!;
      const quantity = 1 + (round % 2);
      let res;
      try {
        res = await postCheckout(options.orderUrl(), [{ productId, quantity }], { token });
      } catch (err) {
        unanswered.push((err as Error).message);
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      answers.push({
        status: res.status,
        contentType: res.headers.get('content-type'),
        retryAfter: res.headers.get('retry-after'),
        body: res.body,
      });
      if (res.status !== 200) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      const rzpOrderId = res.body.paymentIntent.paymentProviderOrderId as string;
      // The payment is taken on Razorpay's side whatever our system answers its webhooks.
      const payment = await options.sim.pay(rzpOrderId, { outcome: 'captured' });
      paid.push({ orderId: res.body.orderId, rzpOrderId, paymentId: payment.id, productId, quantity });
    }
  }

  const running = Promise.all(Array.from({ length: options.customers }, (_, n) => customer(n)));
  return {
    answers,
    unanswered,
    async stop() {
      stopped = true;
      await running;
      return paid;
    },
  };
}
