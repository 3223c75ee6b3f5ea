// What happens to a customer's order, told to the customer: placed (paid and sent to the vendor),
// accepted, rejected (with the reason) and refunded become `order_status` notifications for the
// order's customer, recorded once per event and pushed to the customer's sockets. No inbox row:
// the notification's (source event, audience) is unique, which dedupes on its own (record-and-push.ts).
import type { OrderStatusData } from '@saga/contracts';
import type { NotificationsMetrics } from '../../metrics/notifications-metrics';
import { type RecordDeps, recordAndPush } from '../../notifications/record-and-push';

export type CustomerStatusDeps = RecordDeps & { metrics: NotificationsMetrics };

export function notifyCustomer(deps: CustomerStatusDeps) {
  return async (eventId: string, customerId: string, data: OrderStatusData): Promise<void> => {
    const outcome = await recordAndPush(deps, eventId, { audience: 'customer', id: customerId }, 'order_status', data);
    deps.metrics.orderStatus.inc({ change: data.change, outcome });
  };
}
