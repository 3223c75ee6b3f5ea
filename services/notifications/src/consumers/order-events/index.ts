// The notifications service's one subscription to order-events (one route per topic under Dapr):
// OrderPlaced tells the vendor (new_order) and the customer (order_status); OrderAccepted,
// OrderRejected and OrderRefunded tell the customer. Other order events are acknowledged.
import { TOPICS } from '@saga/contracts';
import type { RuntimePort } from '@saga/runtime';
import type { CustomerStatusDeps } from './customer-status';
import { onOrderAccepted } from './on-order-accepted';
import { onOrderPlaced } from './on-order-placed';
import { onOrderRefunded } from './on-order-refunded';
import { onOrderRejected } from './on-order-rejected';

export function subscribeOrderEvents(runtime: RuntimePort, deps: CustomerStatusDeps): void {
  runtime.on(TOPICS.orderEvents, {
    OrderPlaced: onOrderPlaced(deps),
    OrderAccepted: onOrderAccepted(deps),
    OrderRejected: onOrderRejected(deps),
    OrderRefunded: onOrderRefunded(deps),
  });
}
