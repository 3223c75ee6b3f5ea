// OrderRejected: the customer hears that the vendor refused the order (or never answered), and why.
import type { TypedEvent } from '@saga/runtime';
import { type CustomerStatusDeps, notifyCustomer } from './customer-status';

export function onOrderRejected(deps: CustomerStatusDeps) {
  const toCustomer = notifyCustomer(deps);
  return async (event: TypedEvent<'order-events', 'OrderRejected'>): Promise<void> => {
    const p = event.data.payload;
    await toCustomer(event.data.eventId, p.customerId, {
      orderId: p.orderId,
      status: 'REJECTED',
      change: 'rejected',
      vendorId: p.vendorId,
      at: p.rejectedAt,
      reason: p.reason,
    });
  };
}
