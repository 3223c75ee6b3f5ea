import { GatewayCheckRequest } from '@saga/contracts';
import { parseOrThrow } from '@saga/runtime';
import type { Router } from 'express';
import type { OpenCheckDeps } from '../reconcile/check-open-payment';
import { GatewayError } from '../razorpay/gateway-error';
import { gatewayProblem } from '../razorpay/gateway-problem';
import { paymentAtGateway } from './payment-at-gateway';

/**
 * POST /api/v1/internal/payments/gateway-check: asks Razorpay now about one order's payment.
 * Idempotent: a second call finds the same state and confirms nothing twice. 503 when Razorpay
 * cannot be asked.
 */
export function paymentAtGatewayRoute(router: Router, deps: OpenCheckDeps): void {
  router.post('/api/v1/internal/payments/gateway-check', async (req, res) => {
    const { orderReference } = parseOrThrow(GatewayCheckRequest, req.body);
    try {
      res.json(await paymentAtGateway(deps, orderReference));
    } catch (err) {
      if (err instanceof GatewayError)
        throw gatewayProblem(err, deps.logger, { orderReference }, 'check the payment at the gateway');
      throw err;
    }
  });
}
