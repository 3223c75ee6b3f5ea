// What happens to a customer's order, told to the customer: placed (paid and sent to the vendor),
// accepted, rejected (with the reason) and refunded become `order_status` notifications for the
// order's customer, recorded once per event and pushed to the customer's sockets.
import { OrderAcceptedPayload, OrderPlacedPayload, OrderRefundedPayload, OrderRejectedPayload, type OrderStatusData } from '@saga/contracts';
import type { DeliveredEvent } from '@saga/runtime';
import type { NotificationsMetrics } from '../metrics/notifications-metrics';
import { type RecordDeps, recordAndPush } from '../notifications/record-and-push';

type StatusOf = (payload: unknown) => { customerId: string; data: OrderStatusData };

/** Per event type: whose order, and the frame's data. */
export const ORDER_STATUS_EVENTS: Record<string, StatusOf> = {
  OrderPlaced: (payload) => {
    const p = OrderPlacedPayload.parse(payload);
    return { customerId: p.customerId, data: { orderId: p.orderId, status: 'PENDING_VENDOR_ACCEPTANCE', change: 'placed', vendorId: p.vendorId, at: p.placedAt, amount: p.amount, currency: p.currency } };
  },
  OrderAccepted: (payload) => {
    const p = OrderAcceptedPayload.parse(payload);
    return { customerId: p.customerId, data: { orderId: p.orderId, status: 'ACCEPTED', change: 'accepted', vendorId: p.vendorId, at: p.acceptedAt } };
  },
  OrderRejected: (payload) => {
    const p = OrderRejectedPayload.parse(payload);
    return { customerId: p.customerId, data: { orderId: p.orderId, status: 'REJECTED', change: 'rejected', vendorId: p.vendorId, at: p.rejectedAt, reason: p.reason } };
  },
  OrderRefunded: (payload) => {
    const p = OrderRefundedPayload.parse(payload);
    return {
      customerId: p.customerId,
      data: { orderId: p.orderId, status: p.status, change: 'refunded', vendorId: p.vendorId, at: p.refundedAt, amount: p.amount, currency: p.currency, refundId: p.refundId },
    };
  },
};

export function onOrderStatus(deps: RecordDeps & { metrics: NotificationsMetrics }) {
  return async (event: DeliveredEvent): Promise<void> => {
    if (!Object.hasOwn(ORDER_STATUS_EVENTS, event.data.eventType)) return;
    const statusOf = ORDER_STATUS_EVENTS[event.data.eventType]!;
    // A payload that does not parse throws: retried, then dead-lettered, never silently lost.
    const { customerId, data } = statusOf(event.data.payload);
    const outcome = await recordAndPush(deps, event.data.eventId, { audience: 'customer', id: customerId }, 'order_status', data);
    deps.metrics.orderStatus.inc({ change: data.change, outcome });
  };
}
