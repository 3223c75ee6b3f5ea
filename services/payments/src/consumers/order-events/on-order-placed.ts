// OrderPlaced: the order settled its confirmed payment (what reconciliation watches for).
// A plain conditional update is idempotent by itself: one statement, no transaction, so no inbox
// row (an inbox would add a transaction for nothing).
import type { Queryable, TypedEvent } from '@saga/runtime';
import { paymentRepository } from '../../repositories/payment-repository';

export function onOrderPlaced(db: Queryable) {
  return async (event: TypedEvent<'order-events', 'OrderPlaced'>): Promise<void> => {
    const placed = event.data.payload;
    await paymentRepository.markSettled(db, {
      orderReference: placed.orderId,
      paymentId: placed.paymentId,
      as: 'ORDER_PLACED',
    });
  };
}
