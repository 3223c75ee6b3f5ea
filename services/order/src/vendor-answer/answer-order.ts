// POST /orders/{id}/accept and /reject, as one use case: the order is locked, shown to its own
// vendor only, and moved out of PENDING_VENDOR_ACCEPTANCE once. The same answer again changes
// nothing and gets the same reply (idempotent: a retried request, a double click); the other answer
// after the first, or an answer to an order that is not waiting, is a conflict.
import type { Order } from '@saga/contracts';
import { AppError, type Outbox, type Principal } from '@saga/runtime';
import { type OrderViewOptions, canRead, toOrder, visibleOrder } from '../orders/order-view';
import { findOrderById, lockForAnswer } from '../repositories/order-repository';
import { isOrderId } from '../repositories/order-rows';
import { decide } from '../order-state/decide';
import { acceptWaiting, rejectWaiting } from './answer-transitions';

export type VendorAnswer = { kind: 'accept' } | { kind: 'reject'; reason: string };

const TARGET = { accept: 'ACCEPTED', reject: 'REJECTED' } as const;

export async function answerOrder(
  outbox: Outbox,
  orderId: string,
  vendor: Principal,
  answer: VendorAnswer,
  view: OrderViewOptions,
): Promise<Order> {
  const notFound = new AppError('NOT_FOUND', `order ${orderId} not found`);
  if (!isOrderId(orderId)) throw notFound;
  return outbox.transaction(async (tx, out) => {
    const order = await lockForAnswer(tx, orderId);
    // Another vendor's order is answered as a missing one: its existence is not theirs to know.
    if (!order || !canRead(order, vendor)) throw notFound;
    const decision = decide(
      order,
      answer.kind === 'accept'
        ? { type: 'VendorAccepted', by: vendor.sub }
        : { type: 'VendorRejected', reason: answer.reason, by: vendor.sub },
    );
    // Answered so already: nothing changes, and the reply is the order as it is.
    if (decision.kind === 'refusal' && decision.why === 'already') return toOrder(order, view);
    if (decision.kind === 'refusal') {
      throw new AppError(
        'ORDER_STATE_CONFLICT',
        `order ${orderId} is ${order.status}; only an order in PENDING_VENDOR_ACCEPTANCE can be ${TARGET[answer.kind].toLowerCase()}`,
        {
          orderStatus: order.status,
        },
      );
    }
    if (answer.kind === 'accept') await acceptWaiting(tx, out, order, decision);
    else await rejectWaiting(tx, out, order, decision, 'vendor');
    // Read in this transaction: the answer just made is not committed yet.
    return visibleOrder(await findOrderById(tx, orderId), orderId, vendor, view);
  });
}
