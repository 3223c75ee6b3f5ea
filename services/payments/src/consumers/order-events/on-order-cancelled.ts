// OrderCancelled: the order will never use a payment (what reconciliation watches for).
// A plain conditional update is idempotent by itself: one statement, no transaction, so no inbox
// row (an inbox would add a transaction for nothing).
import type { Queryable, TypedEvent } from '@saga/runtime';
import { paymentRepository } from '../../repositories/payment-repository';

export function onOrderCancelled(db: Queryable) {
  return async (event: TypedEvent<'order-events', 'OrderCancelled'>): Promise<void> => {
    await paymentRepository.markSettled(db, {
      orderReference: event.data.payload.orderId,
      paymentId: null,
      as: 'ORDER_CANCELLED',
    });
  };
}
