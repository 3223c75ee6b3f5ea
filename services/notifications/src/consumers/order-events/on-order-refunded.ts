// OrderRefunded: the customer hears that the payment is on its way back.
import type { TypedEvent } from '@saga/runtime';
import { type CustomerStatusDeps, notifyCustomer } from './customer-status';

export function onOrderRefunded(deps: CustomerStatusDeps) {
  const toCustomer = notifyCustomer(deps);
  return async (event: TypedEvent<'order-events', 'OrderRefunded'>): Promise<void> => {
    const p = event.data.payload;
    await toCustomer(event.data.eventId, p.customerId, {
      orderId: p.orderId,
      status: p.status,
      change: 'refunded',
      vendorId: p.vendorId,
      at: p.refundedAt,
      amount: p.amount,
      currency: p.currency,
      refundId: p.refundId,
    });
  };
}
