// What Razorpay shows for one order's payment, asked now (the order service asks before it expires
// a checkout). Anything Razorpay shows that no webhook told us goes through reconciliation's own
// check: stored as the webhook Razorpay would have sent and processed by the same handlers, so a
// captured payment is confirmed (PaymentConfirmed) exactly as if its webhook had come.
// The answer is read from Razorpay's payments, not from our record afterwards: another check of the
// same payment (reconciliation) may be processing the same synthetic webhook at this moment.
import type { GatewayCheckResponse } from '@saga/contracts';
import type { PaymentStatus } from '../payments/payment-status';
import { UnknownAtGatewayError } from '../razorpay/gateway-error';
import type { RazorpayPayment } from '../razorpay/razorpay-gateway';
import { compareWithRazorpay, type OpenCheckDeps } from '../reconcile/check-open-payment';
import { paymentRepository } from '../repositories/payment-repository';

type GatewayStatus = GatewayCheckResponse['status'];

/** Our record alone answers these: nothing Razorpay could show would change the answer. */
const SETTLED: Partial<Record<PaymentStatus, GatewayStatus>> = {
  CAPTURED: 'PAID',
  REFUNDED: 'UNPAID',
  VOIDED: 'UNKNOWN',
};

export async function paymentAtGateway(deps: OpenCheckDeps, orderReference: string): Promise<GatewayCheckResponse> {
  const row = await paymentRepository.standingOf(deps.db, orderReference);
  const paymentProviderOrderId = row?.provider_order_id ?? null;
  // No Razorpay order was ever recorded: the customer never had anything to pay.
  if (!row || !paymentProviderOrderId) return { orderReference, paymentProviderOrderId, status: 'UNPAID' };
  const known = SETTLED[row.status];
  if (known) return { orderReference, paymentProviderOrderId, status: known };
  try {
    const { remote } = await compareWithRazorpay(deps, {
      order_reference: orderReference,
      provider_order_id: paymentProviderOrderId,
      status: row.status,
    });
    return { orderReference, paymentProviderOrderId, status: furthest(remote) };
  } catch (err) {
    if (err instanceof UnknownAtGatewayError) return { orderReference, paymentProviderOrderId, status: 'UNKNOWN' };
    throw err;
  }
}

/** A refunded payment was captured and given back: it pays for nothing. */
function furthest(remote: RazorpayPayment[]): GatewayStatus {
  if (remote.some((p) => p.status === 'captured')) return 'PAID';
  if (remote.some((p) => p.status === 'authorized')) return 'AUTHORIZED';
  return 'UNPAID';
}
