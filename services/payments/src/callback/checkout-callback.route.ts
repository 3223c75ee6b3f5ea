import { CheckoutCallbackRequest } from '@saga/contracts';
import { parseOrThrow } from '@saga/runtime';
import type { Router } from 'express';
import { type CallbackDeps, confirmCallback } from './confirm-callback';

export const CHECKOUT_CALLBACK_PATH = '/api/v1/internal/payments/checkout-callback';

/** POST /api/v1/internal/payments/checkout-callback (internal: the order service forwards the customer's callback). */
export function checkoutCallbackRoute(router: Router, deps: CallbackDeps): void {
  router.post(CHECKOUT_CALLBACK_PATH, async (req, res) => {
    const callback = parseOrThrow(CheckoutCallbackRequest, req.body);
    res.json(await confirmCallback(deps, callback));
  });
}
