// Steps 15-16: an OrderPlaced becomes the vendor's `new_order` notification, recorded once and
// pushed to the vendor's sockets (see record-and-push.ts for why every delivery pushes), and the
// customer's `order_status` (placed). The vendor first: the order reaches the kitchen however the
// customer's part fares (a retry then records nothing new for the vendor and pushes only to sockets
// that lack it).
import type { TypedEvent } from '@saga/runtime';
import { newOrderData } from '../../notifications/notification';
import { recordAndPush } from '../../notifications/record-and-push';
import { type CustomerStatusDeps, notifyCustomer } from './customer-status';

export function onOrderPlaced(deps: CustomerStatusDeps) {
  const toCustomer = notifyCustomer(deps);
  return async (event: TypedEvent<'order-events', 'OrderPlaced'>): Promise<void> => {
    const order = event.data.payload;
    const outcome = await recordAndPush(
      deps,
      event.data.eventId,
      { audience: 'vendor', id: order.vendorId },
      'new_order',
      newOrderData(order),
    );
    deps.metrics.orderPlaced.inc({ outcome });
    await toCustomer(event.data.eventId, order.customerId, {
      orderId: order.orderId,
      status: 'PENDING_VENDOR_ACCEPTANCE',
      change: 'placed',
      vendorId: order.vendorId,
      at: order.placedAt,
      amount: order.amount,
      currency: order.currency,
    });
  };
}
