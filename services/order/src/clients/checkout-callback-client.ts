// The order service's view of payments for a Checkout callback: forwarded through the runtime's
// invocation (service invocation under Dapr), as create-intent is. Payments' answers that are about
// the request (400 naming a field, 404) come back as they are; anything else is 503 to the customer.
import type { CheckoutCallbackRequest, CheckoutCallbackResult } from '@saga/contracts';
import { AppError, type InvalidParam, InvocationError, type RuntimePort, type TraceHeaders, isProblemCode } from '@saga/runtime';

const CHECKOUT_CALLBACK = '/api/v1/internal/payments/checkout-callback';

interface ProblemBody {
  code?: string;
  detail?: string;
  invalidParams?: InvalidParam[];
  retryAfterSeconds?: number;
}

export interface CheckoutCallbackClient {
  confirm(callback: CheckoutCallbackRequest, trace: TraceHeaders): Promise<CheckoutCallbackResult>;
}

export function createCheckoutCallbackClient(runtime: RuntimePort, paymentsAppId: string): CheckoutCallbackClient {
  return {
    async confirm(callback, trace) {
      let res;
      try {
        res = await runtime.invoke<CheckoutCallbackResult & ProblemBody>(paymentsAppId, { method: 'POST', path: CHECKOUT_CALLBACK, body: callback, headers: trace });
      } catch (err) {
        if (err instanceof InvocationError) throw new AppError('PAYMENT_GATEWAY_UNAVAILABLE', 'the payments service is unreachable; retry later', { retryAfterSeconds: 2 });
        throw err;
      }
      if (res.status === 200) return res.body;
      const { code, detail, invalidParams } = res.body;
      if ((res.status === 400 || res.status === 404) && isProblemCode(code)) {
        throw new AppError(code, detail ?? 'the payment callback was refused', invalidParams ? { invalidParams } : {});
      }
      throw new AppError('PAYMENT_GATEWAY_UNAVAILABLE', 'the payment could not be confirmed now; retry later', { retryAfterSeconds: res.body.retryAfterSeconds ?? 2 });
    },
  };
}
