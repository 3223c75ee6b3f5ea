// Whether a checkout past its expiresAt expires now, given what the payment gateway shows for it.
// A customer who paid inside the window is never expired for a webhook that is late or lost: a
// captured (or authorised) payment keeps the order open for its confirmation, which the gateway
// check itself set going. A gateway that cannot be asked puts the expiry off as well, up to
// `maxDeferSeconds` past expiresAt; then the order expires and a payment found later is refunded.
import type { GatewayPaymentStatus } from '../clients/payments-client';

export const EXPIRED_UNPAID = 'checkout expired before payment';

export type ExpiryDecision = { expire: true; reason: string } | { expire: false; reason: string };

export function expiryDecision(
  gateway: GatewayPaymentStatus | 'NO_PAYMENT_ORDER',
  overdueSeconds: number,
  maxDeferSeconds: number,
): ExpiryDecision {
  switch (gateway) {
    case 'NO_PAYMENT_ORDER': // no Razorpay order was ever recorded: there was nothing to pay
    case 'UNPAID':
    case 'UNKNOWN': // the gateway does not know the Razorpay order: nothing can be paid on it
      return { expire: true, reason: EXPIRED_UNPAID };
    case 'PAID':
    case 'AUTHORIZED':
      return overdueSeconds < maxDeferSeconds
        ? {
            expire: false,
            reason: `payment ${gateway === 'PAID' ? 'captured' : 'authorised'} at the gateway; waiting for its confirmation`,
          }
        : { expire: true, reason: 'checkout expired; its payment was never confirmed' };
    case 'UNREACHABLE':
      return overdueSeconds < maxDeferSeconds
        ? { expire: false, reason: 'the payment gateway could not be asked; trying again' }
        : { expire: true, reason: 'checkout expired; the payment gateway could not be asked' };
  }
}
