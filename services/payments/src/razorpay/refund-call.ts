// POST /v1/payments/{id}/refund over plain HTTP (fetch): razorpay 2.9.8 silently drops the
// X-Refund-Idempotency header, and without it a retry after a lost answer could refund twice.
// Runs inside the gateway's resilience policy like every other Razorpay call. A 409 (same key still
// in progress, or used with another body) is returned as a value, not thrown: it is no sign of an
// outage, so it must neither be retried at once nor count towards opening the circuit.
import type { GatewayPolicy } from './gateway-policy';
import { GatewayError, NoResponse } from './gateway-error';

export interface RazorpayRefund {
  id: string;
  payment_id: string;
  amount: number;
  currency: string;
  /** `pending`: accepted, on its way to the customer's bank; `failed`: Razorpay gave up on it. */
  status: 'pending' | 'processed' | 'failed';
  created_at?: number;
}

export interface RefundRequestBody {
  amount: number;
  notes: { orderReference: string; reason: string };
}

/** Razorpay answered 409: try again later with the same key and body. */
export class RefundInProgressError extends GatewayError {
  constructor(description: string) {
    super(`Razorpay answered 409: ${description}`, true, 409);
    this.name = 'RefundInProgressError';
  }
}

interface ErrorBody {
  error?: { code?: string; description?: string };
}

export function createRefundCall(options: { apiUrl: string; keyId: string; keySecret: string; policy: GatewayPolicy }) {
  const base = options.apiUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  const authorization = `Basic ${Buffer.from(`${options.keyId}:${options.keySecret}`).toString('base64')}`;

  return async function refundPayment(
    paymentId: string,
    body: RefundRequestBody,
    idempotencyKey: string,
  ): Promise<RazorpayRefund> {
    const answer = await options.policy.execute<{ refund: RazorpayRefund } | { conflict: string }>(async (signal) => {
      const res = await fetch(`${base}/v1/payments/${encodeURIComponent(paymentId)}/refund`, {
        method: 'POST',
        headers: {
          authorization,
          'content-type': 'application/json',
          accept: 'application/json',
          'x-refund-idempotency': idempotencyKey,
        },
        body: JSON.stringify(body),
        signal,
      }).catch((err: unknown) => {
        // fetch says "fetch failed" and keeps what happened (ECONNREFUSED...) in its cause.
        throw { statusCode: 0, error: new NoResponse((err as { cause?: unknown }).cause ?? err) };
      });
      const parsed = (await res.json().catch(() => undefined)) as (RazorpayRefund & ErrorBody) | undefined;
      if (res.ok && parsed?.id) return { refund: parsed };
      if (res.status === 409) return { conflict: parsed?.error?.description ?? 'idempotency key in use' };
      // The SDK's error shape, so toGatewayError classifies it like every other call (429/5xx transient).
      throw {
        statusCode: res.ok ? 502 : res.status,
        error: parsed?.error ?? { description: `unexpected answer (${res.status})` },
      };
    });
    if ('conflict' in answer) throw new RefundInProgressError(answer.conflict);
    return answer.refund;
  };
}
