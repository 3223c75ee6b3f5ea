// Steps 15-16: an OrderPlaced becomes the vendor's `new_order` notification, recorded once and
// pushed to the vendor's sockets (see record-and-push.ts for why every delivery pushes).
import { OrderPlacedPayload } from '@saga/contracts';
import type { DeliveredEvent } from '@saga/runtime';
import type { NotificationsMetrics } from '../metrics/notifications-metrics';
import { newOrderData } from '../notifications/notification';
import { type RecordDeps, recordAndPush } from '../notifications/record-and-push';

export function onOrderPlaced(deps: RecordDeps & { metrics: NotificationsMetrics }) {
  return async (event: DeliveredEvent): Promise<void> => {
    // A payload that does not parse throws: retried, then dead-lettered, never silently lost.
    const order = OrderPlacedPayload.parse(event.data.payload);
    const outcome = await recordAndPush(deps, event.data.eventId, { audience: 'vendor', id: order.vendorId }, 'new_order', newOrderData(order));
    deps.metrics.orderPlaced.inc({ outcome });
  };
}
