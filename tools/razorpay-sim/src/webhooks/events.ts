import { razorpayId, unixNow } from '../ids';
import type { StoredEvent } from '../store';
import type { OrderEntity, PaymentEntity, RefundEntity, WebhookBody, WebhookEventName } from '../types';

export interface EventEntities {
  payment: PaymentEntity;
  order?: OrderEntity;
  refund?: RefundEntity;
}

/**
 * Builds the event as Razorpay sends it. The body is serialised now, so the payload is a snapshot
 * of the entities at event time (payment.authorized shows the payment before its capture).
 */
export function buildEvent(accountId: string, event: WebhookEventName, entities: EventEntities): StoredEvent {
  const contains: WebhookBody['contains'] = [];
  const payload: WebhookBody['payload'] = {};
  // Key order follows Razorpay's payloads: refund first for refund events, order after payment.
  if (entities.refund) {
    contains.push('refund');
    payload.refund = { entity: entities.refund };
  }
  contains.push('payment');
  payload.payment = { entity: entities.payment };
  if (entities.order) {
    contains.push('order');
    payload.order = { entity: entities.order };
  }
  const createdAt = unixNow();
  const body: WebhookBody = { entity: 'event', account_id: accountId, event, contains, payload, created_at: createdAt };
  return {
    id: razorpayId('evt'),
    event,
    body: JSON.stringify(body),
    paymentId: entities.payment.id,
    orderId: entities.order?.id ?? entities.payment.order_id,
    refundId: entities.refund?.id ?? null,
    createdAt,
    deliveries: [],
  };
}
