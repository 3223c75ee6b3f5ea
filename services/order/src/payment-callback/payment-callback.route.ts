// POST /api/v1/orders/{orderId}/payment: Razorpay Checkout's handler fields, posted by the shop
// when the customer has paid. Only the order's customer; the fields must name this order's Razorpay
// order. Payments verifies the signature and confirms the payment the way a webhook would
// (idempotent, whichever of callback, webhook and reconciliation comes first). A customer who pays
// and never comes back is still placed by the webhook.
import { PaymentCallbackRequest, type PaymentCallbackResponse } from '@saga/contracts';
import {
  type Database,
  type Principal,
  parseOrThrow,
  requireRole,
  type TokenVerifier,
  traceHeaders,
  validationError,
} from '@saga/runtime';
import type { Router } from 'express';
import type { CheckoutCallbackClient } from '../clients/checkout-callback-client';
import { visibleOrder } from '../orders/order-view';
import { findOrderById } from '../repositories/order-repository';

export function paymentCallbackRoute(
  router: Router,
  verify: TokenVerifier,
  db: Database,
  payments: CheckoutCallbackClient,
): void {
  // On the payment's own path (a confirmation, like a webhook): read on the service's pool, not on
  // the EntityManager's two connections, which the read views share.
  const readOrderFor = async (orderId: string, principal: Principal) =>
    visibleOrder(await findOrderById(db, orderId), orderId, principal);
  router.post('/api/v1/orders/:orderId/payment', requireRole(verify, 'customer'), async (req, res) => {
    const callback = parseOrThrow(PaymentCallbackRequest, req.body ?? {});
    const order = await readOrderFor(String(req.params.orderId), req.principal!);
    if (order.paymentProviderOrderId !== callback.razorpay_order_id) {
      throw validationError([
        {
          name: 'razorpay_order_id',
          reason: "is not this order's Razorpay order (paymentIntent.paymentProviderOrderId)",
        },
      ]);
    }
    const confirmed = await payments.confirm({ ...callback, orderReference: order.orderId }, traceHeaders(req));
    const now = await readOrderFor(order.orderId, req.principal!);
    const answer: PaymentCallbackResponse = {
      orderId: now.orderId,
      status: now.status,
      paymentId: confirmed.paymentId,
      paymentStatus: confirmed.paymentStatus,
    };
    res.json(answer);
  });
}
