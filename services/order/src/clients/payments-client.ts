import type { PaymentIntent } from '@saga/contracts';
import { AppError, InvocationError, type RuntimePort, type TraceHeaders } from '@saga/runtime';

const CREATE_INTENT = '/api/v1/internal/payments/create-intent';

export interface PaymentsClient {
  createIntent(input: { orderReference: string; amount: number; customerId: string }, trace: TraceHeaders): Promise<PaymentIntent>;
}

/** What the customer is told when no intent could be had; payments logs the cause. */
const GATEWAY_UNAVAILABLE = 'the payment gateway is unavailable; retry later';

/** Every failure to get an intent surfaces as 503 PAYMENT_GATEWAY_UNAVAILABLE: the customer can retry. */
export function createPaymentsClient(runtime: RuntimePort, paymentsAppId: string): PaymentsClient {
  return {
    async createIntent(input, trace) {
      let res;
      try {
        res = await runtime.invoke<PaymentIntent & { code?: string; detail?: string; retryAfterSeconds?: number }>(paymentsAppId, {
          method: 'POST',
          path: CREATE_INTENT,
          body: { ...input, currency: 'INR' },
          headers: trace,
        });
      } catch (err) {
        if (err instanceof InvocationError) {
          throw new AppError('PAYMENT_GATEWAY_UNAVAILABLE', GATEWAY_UNAVAILABLE, { retryAfterSeconds: 2 });
        }
        throw err;
      }
      if (res.status === 200) return res.body;
      // Payments' own detail stays between the services: it may name another service's state.
      throw new AppError('PAYMENT_GATEWAY_UNAVAILABLE', GATEWAY_UNAVAILABLE, {
        retryAfterSeconds: res.body.retryAfterSeconds ?? 2,
        cause: res.body.code,
      });
    },
  };
}
