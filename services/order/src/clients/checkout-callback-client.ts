// The order service's view of payments for a Checkout callback: forwarded through the runtime's
// invocation (service invocation under Dapr), as create-intent is. Payments' answers that are about
// the request (400 naming a field, 404) come back as they are; anything else is 503 to the customer.
// Every answer is parsed with its contract; one that does not match is treated as no answer (contract-answer.ts).
import { type CheckoutCallbackRequest, CheckoutCallbackResult, Problem } from '@saga/contracts';
import { AppError, InvocationError, type RuntimePort, type TraceHeaders, isProblemCode } from '@saga/runtime';
import { contractAnswer } from './contract-answer';

const CHECKOUT_CALLBACK = '/api/v1/internal/payments/checkout-callback';

export interface CheckoutCallbackClient {
  confirm(callback: CheckoutCallbackRequest, trace: TraceHeaders): Promise<CheckoutCallbackResult>;
}

export function createCheckoutCallbackClient(runtime: RuntimePort, paymentsAppId: string): CheckoutCallbackClient {
  return {
    async confirm(callback, trace) {
      let res;
      let problem;
      try {
        res = await runtime.invoke(paymentsAppId, {
          method: 'POST',
          path: CHECKOUT_CALLBACK,
          body: callback,
          headers: trace,
        });
        if (res.status === 200) return contractAnswer(CheckoutCallbackResult, paymentsAppId, CHECKOUT_CALLBACK, res);
        problem = contractAnswer(Problem, paymentsAppId, CHECKOUT_CALLBACK, res);
      } catch (err) {
        if (err instanceof InvocationError)
          throw new AppError('PAYMENT_GATEWAY_UNAVAILABLE', 'the payments service is unreachable; retry later', {
            retryAfterSeconds: 2,
          });
        throw err;
      }
      const { code, detail, invalidParams, retryAfterSeconds } = problem;
      if ((res.status === 400 || res.status === 404) && isProblemCode(code)) {
        throw new AppError(code, detail, invalidParams ? { invalidParams } : {});
      }
      const retryAfter =
        typeof retryAfterSeconds === 'number' && Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 1
          ? retryAfterSeconds
          : 2;
      throw new AppError('PAYMENT_GATEWAY_UNAVAILABLE', 'the payment could not be confirmed now; retry later', {
        retryAfterSeconds: retryAfter,
      });
    },
  };
}
