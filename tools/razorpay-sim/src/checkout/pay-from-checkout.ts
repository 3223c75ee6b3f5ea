// What the modal's buttons do: pay the order through the simulator's one payment path (so the
// webhooks go out exactly as for POST /_sim/orders/:id/pay), and answer what Razorpay's Checkout
// hands the page: the three handler fields on success, Razorpay's payment error on failure.
import { z } from 'zod';
import type { SimContext } from '../context';
import { pay } from '../domain/payments';
import { RazorpayApiError, authenticationFailed } from '../errors';
import { parseBody } from '../validation';
import { checkoutSignature } from './payment-signature';

export const checkoutPaySchema = z.strictObject({
  key_id: z.string({ error: 'key_id is required' }).min(1, 'key_id is required'),
  order_id: z.string({ error: 'order_id is required' }).min(1, 'order_id is required'),
  outcome: z.enum(['success', 'failure'], { error: 'outcome must be success or failure' }),
});

export interface CheckoutSuccess {
  razorpay_payment_id: string;
  razorpay_order_id: string;
  razorpay_signature: string;
}

export async function payFromCheckout(ctx: SimContext, body: unknown): Promise<CheckoutSuccess> {
  const input = parseBody(checkoutPaySchema, body);
  if (input.key_id !== ctx.keyId) throw authenticationFailed();
  const payment = await pay(ctx, input.order_id, { outcome: input.outcome === 'success' ? 'captured' : 'failed' });
  if (payment.status === 'failed') {
    throw new RazorpayApiError(400, {
      error: {
        code: 'BAD_REQUEST_ERROR',
        description: payment.error_description ?? 'Payment failed',
        source: payment.error_source ?? 'customer',
        step: payment.error_step ?? 'payment_authorization',
        reason: payment.error_reason ?? 'payment_failed',
        metadata: { order_id: input.order_id, payment_id: payment.id },
        field: null,
      },
    });
  }
  return {
    razorpay_payment_id: payment.id,
    razorpay_order_id: input.order_id,
    razorpay_signature: checkoutSignature(input.order_id, payment.id, ctx.keySecret),
  };
}
