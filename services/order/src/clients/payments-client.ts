// The order service's view of payments: the intent a customer pays, and what the gateway shows.
// Every answer is parsed with its contract; one that does not match is treated as no answer (contract-answer.ts).
import { GatewayCheckResponse, PaymentIntent, Problem } from '@saga/contracts';
import { AppError, InvocationError, type RuntimePort, type TraceHeaders } from '@saga/runtime';
import { contractAnswer } from './contract-answer';

const CREATE_INTENT = '/api/v1/internal/payments/create-intent';
const GATEWAY_CHECK = '/api/v1/internal/payments/gateway-check';

/** What the gateway shows for an order's payment, or UNREACHABLE when it could not be asked (payments or Razorpay down). */
export type GatewayPaymentStatus = GatewayCheckResponse['status'] | 'UNREACHABLE';

export interface PaymentsClient {
  createIntent(
    input: { orderReference: string; amount: number; customerId: string },
    trace: TraceHeaders,
  ): Promise<PaymentIntent>;
  /** Asks Razorpay (through payments) now; a captured payment found is confirmed as its webhook would have been. */
  paymentAtGateway(orderId: string): Promise<GatewayPaymentStatus>;
}

/** What the customer is told when no intent could be had; payments logs the cause. */
const GATEWAY_UNAVAILABLE = 'the payment gateway is unavailable; retry later';

/** Every failure to get an intent surfaces as 503 PAYMENT_GATEWAY_UNAVAILABLE: the customer can retry. */
export function createPaymentsClient(runtime: RuntimePort, paymentsAppId: string): PaymentsClient {
  return {
    async createIntent(input, trace) {
      let problem;
      try {
        const res = await runtime.invoke(paymentsAppId, {
          method: 'POST',
          path: CREATE_INTENT,
          body: { ...input, currency: 'INR' },
          headers: trace,
        });
        if (res.status === 200) return contractAnswer(PaymentIntent, paymentsAppId, CREATE_INTENT, res);
        problem = contractAnswer(Problem, paymentsAppId, CREATE_INTENT, res);
      } catch (err) {
        if (err instanceof InvocationError) {
          throw new AppError('PAYMENT_GATEWAY_UNAVAILABLE', GATEWAY_UNAVAILABLE, { retryAfterSeconds: 2 });
        }
        throw err;
      }
      // Payments' own detail stays between the services: it may name another service's state.
      const retryAfter = problem.retryAfterSeconds;
      throw new AppError('PAYMENT_GATEWAY_UNAVAILABLE', GATEWAY_UNAVAILABLE, {
        retryAfterSeconds:
          typeof retryAfter === 'number' && Number.isInteger(retryAfter) && retryAfter >= 1 ? retryAfter : 2,
        cause: problem.code,
      });
    },
    async paymentAtGateway(orderId) {
      try {
        const res = await runtime.invoke(paymentsAppId, {
          method: 'POST',
          path: GATEWAY_CHECK,
          body: { orderReference: orderId },
        });
        return res.status === 200
          ? contractAnswer(GatewayCheckResponse, paymentsAppId, GATEWAY_CHECK, res).status
          : 'UNREACHABLE';
      } catch (err) {
        if (err instanceof InvocationError) return 'UNREACHABLE';
        throw err;
      }
    },
  };
}
