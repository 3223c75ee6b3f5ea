// OrderAccepted: the customer hears that the vendor took the order.
import type { TypedEvent } from '@saga/runtime';
import { type CustomerStatusDeps, notifyCustomer } from './customer-status';

export function onOrderAccepted(deps: CustomerStatusDeps) {
  const toCustomer = notifyCustomer(deps);
  return async (event: TypedEvent<'order-events', 'OrderAccepted'>): Promise<void> => {
    const p = event.data.payload;
    await toCustomer(event.data.eventId, p.customerId, {
      orderId: p.orderId,
      status: 'ACCEPTED',
      change: 'accepted',
      vendorId: p.vendorId,
      at: p.acceptedAt,
    });
  };
}
