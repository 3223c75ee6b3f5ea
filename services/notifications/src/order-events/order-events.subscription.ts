// The notifications service's one subscription to order-events (one route per topic under Dapr),
// dispatched by event type: OrderPlaced tells the vendor (new_order) and the customer
// (order_status); OrderAccepted, OrderRejected and OrderRefunded tell the customer.
import { TOPICS } from '@saga/contracts';
import type { DeliveredEvent, HandlerResult, RuntimePort } from '@saga/runtime';
import type { NotificationsMetrics } from '../metrics/notifications-metrics';
import type { RecordDeps } from '../notifications/record-and-push';
import { onOrderPlaced } from '../order-placed/on-order-placed';
import { ORDER_STATUS_EVENTS, onOrderStatus } from '../order-status/on-order-status';

export function subscribeOrderEvents(runtime: RuntimePort, deps: RecordDeps & { metrics: NotificationsMetrics }): void {
  const toVendor = onOrderPlaced(deps);
  const toCustomer = onOrderStatus(deps);
  runtime.subscribe({
    topic: TOPICS.orderEvents,
    handler: async (event: DeliveredEvent): Promise<HandlerResult> => {
      const { eventType } = event.data;
      // The vendor first: the order reaches the kitchen however the customer's part fares (a retry
      // then records nothing new for the vendor and pushes only to sockets that lack it).
      if (eventType === 'OrderPlaced') await toVendor(event);
      if (Object.hasOwn(ORDER_STATUS_EVENTS, eventType)) await toCustomer(event);
      return 'SUCCESS'; // other order events are not ours (forward compatibility)
    },
  });
}
