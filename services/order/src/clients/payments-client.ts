import type { GatewayCheckResponse, PaymentIntent } from '@saga/contracts';
import { AppError, InvocationError, type RuntimePort, type TraceHeaders } from '@saga/runtime';

const CREATE_INTENT = '/api/v1/internal/payments/create-intent';
const GATEWAY_CHECK = '/api/v1/internal/payments/gateway-check';

/** What the gateway shows for an order's payment, or UNREACHABLE when it could not be asked (payments or Razorpay down). */
export type GatewayPaymentStatus = GatewayCheckResponse['status'] | 'UNREACHABLE';

export interface PaymentsClient {
  createIntent(input: { orderReference: string; amount: number; customerId: string }, trace: TraceHeaders): Promise<PaymentIntent>;
  /** Asks Razorpay (through payments) now; a captured payment found is confirmed as its webhook would have been. */
  paymentAtGateway(orderId: string): Promise<GatewayPaymentStatus>;
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
    async paymentAtGateway(orderId) {
      const res = await runtime.invoke<GatewayCheckResponse>(paymentsAppId, { method: 'POST', path: GATEWAY_CHECK, body: { orderReference: orderId } }).catch((err: unknown) => {
        if (err instanceof InvocationError) return undefined;
        throw err;
      });
      return res?.status === 200 ? res.body.status : 'UNREACHABLE';
    },
  };
}
