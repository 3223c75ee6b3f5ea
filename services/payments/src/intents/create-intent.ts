// Creates (or returns) the Razorpay order for one of our orders. One payment record per order
// reference: a repeated call returns the same Razorpay order, a call with another amount is refused.
import type { CreateIntentRequest, PaymentIntent } from '@saga/contracts';
import { AppError, type Database, type Logger } from '@saga/runtime';
import { gatewayProblem } from '../razorpay/gateway-problem';
import type { RazorpayGateway } from '../razorpay/razorpay-gateway';
import { type IntentRecord, paymentRepository } from '../repositories/payment-repository';

export async function createIntent(
  db: Database,
  gateway: RazorpayGateway,
  logger: Logger,
  request: CreateIntentRequest,
): Promise<PaymentIntent> {
  const inserted = await paymentRepository.openIntent(db, {
    orderReference: request.orderReference,
    amount: request.amount,
    currency: request.currency,
    customerId: request.customerId ?? null,
  });
  const existing = inserted ?? (await findPayment(db, request.orderReference));
  if (Number(existing.amount_paise) !== request.amount || existing.currency !== request.currency) {
    throw new AppError(
      'INTENT_CONFLICT',
      `order ${request.orderReference} already has an intent for ${existing.amount_paise} ${existing.currency}`,
    );
  }
  if (existing.provider_order_id) return toIntent(existing, gateway.keyId);

  let providerOrderId: string;
  try {
    const order = await gateway.createOrder({
      amount: request.amount,
      currency: request.currency,
      receipt: request.orderReference,
      notes: { orderReference: request.orderReference },
    });
    providerOrderId = order.id;
  } catch (err) {
    throw gatewayProblem(err, logger, { orderReference: request.orderReference }, 'create the payment order');
  }
  // Two racing calls may both reach Razorpay; the first to record its order wins and both answer
  // with it. The loser's Razorpay order is never shown to anyone, so it is never paid.
  const recorded = await paymentRepository.recordProviderOrder(db, request.orderReference, providerOrderId);
  return toIntent(recorded ?? (await findPayment(db, request.orderReference)), gateway.keyId);
}

async function findPayment(db: Database, orderReference: string): Promise<IntentRecord> {
  const row = await paymentRepository.findIntent(db, orderReference);
  if (!row) throw new AppError('INTERNAL', `payment ${orderReference} vanished`);
  return row;
}

function toIntent(row: IntentRecord, keyId: string): PaymentIntent {
  return {
    paymentProviderOrderId: row.provider_order_id as string,
    keyId,
    amount: Number(row.amount_paise),
    currency: 'INR',
    orderReference: row.order_reference,
    provider: 'razorpay',
    status: row.status,
  };
}
