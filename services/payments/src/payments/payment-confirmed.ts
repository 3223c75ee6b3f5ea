// The PaymentConfirmed event of a captured payment: built here only, for the first confirmation
// (webhook or reconciliation) and for a confirmation sent again to an order that never settled.
import { PaymentConfirmed } from '@saga/contracts';
import { newEvent } from '@saga/runtime';

export interface Confirmation {
  orderReference: string;
  providerOrderId: string;
  paymentId: string;
  amount: number;
  method: string | null;
  capturedAt: Date;
}

/** A new event (new eventId) every call: a repeat is a new message the order handles by state. */
export function paymentConfirmedEvent(c: Confirmation): PaymentConfirmed {
  return PaymentConfirmed.parse(
    newEvent('PaymentConfirmed', {
      orderReference: c.orderReference,
      paymentProviderOrderId: c.providerOrderId,
      paymentId: c.paymentId,
      amount: c.amount,
      currency: 'INR' as const,
      method: c.method,
      capturedAt: c.capturedAt.toISOString(),
    }),
  );
}
