import { CheckoutRequest } from '@saga/contracts';
import { parseOrThrow, requireRole, type TokenVerifier, traceHeaders } from '@saga/runtime';
import type { Router } from 'express';
import type { Counter } from 'prom-client';
import type { CartStore } from '../cart/cart-store';
import { checkoutCart } from '../cart/checkout-cart';
import { type CheckoutDeps, checkout } from './checkout';
import { validKey } from './idempotency';
import { inFlightLimit } from './in-flight-limit';

/**
 * POST /api/v1/orders/checkout (customer token, then the body; optional Idempotency-Key, a replay
 * answered with `Idempotent-Replayed: true`; at most `maxInFlight` at once). No cartItems: the
 * customer's stored cart.
 */
export function checkoutRoute(
  router: Router,
  verify: TokenVerifier,
  deps: CheckoutDeps,
  outcomes: Counter<'outcome'>,
  maxInFlight: number,
  carts: CartStore,
): void {
  const shed = inFlightLimit(maxInFlight, () => outcomes.inc({ outcome: 'shed' }));
  router.post('/api/v1/orders/checkout', shed, requireRole(verify, 'customer'), async (req, res) => {
    try {
      const idempotencyKey = validKey(req.header('idempotency-key'));
      const customerId = req.principal!.sub;
      const { cartItems, cartRevision } = await checkoutCart(
        parseOrThrow(CheckoutRequest, req.body),
        customerId,
        carts,
      );
      const { answer, replayed } = await checkout(deps, {
        customerId,
        cart: { cartItems },
        cartRevision,
        idempotencyKey,
        trace: traceHeaders(req),
      });
      outcomes.inc({ outcome: replayed ? 'replayed' : 'created' });
      if (replayed) res.setHeader('Idempotent-Replayed', 'true');
      res.json(answer);
    } catch (err) {
      outcomes.inc({ outcome: (err as { code?: string }).code?.toLowerCase() ?? 'error' });
      throw err;
    }
  });
}
