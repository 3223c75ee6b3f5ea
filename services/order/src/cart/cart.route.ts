// GET, PUT and DELETE /api/v1/cart: the customer's own cart (customer token). Writes are optimistic:
// with If-Match, a stale ETag is 412 CART_CHANGED and nothing changes; without it the write wins.
import { PutCartRequest } from '@saga/contracts';
import { parseOrThrow, requireRole, type TokenVerifier } from '@saga/runtime';
import type { Response, Router } from 'express';
import type { CartStore } from './cart-store';
import { etagHeader, parseIfMatch } from './if-match';

export function cartRoutes(router: Router, verify: TokenVerifier, carts: CartStore): void {
  const customer = requireRole(verify, 'customer');
  const answer = (res: Response, cart: Awaited<ReturnType<CartStore['view']>>) => {
    if (cart.etag !== null) res.setHeader('ETag', etagHeader(cart.etag));
    res.setHeader('Cache-Control', 'no-store');
    res.json(cart);
  };

  router.get('/api/v1/cart', customer, async (req, res) => {
    answer(res, await carts.view(req.principal!.sub));
  });
  router.put('/api/v1/cart', customer, async (req, res) => {
    const precondition = parseIfMatch(req.header('if-match'));
    const { items } = parseOrThrow(PutCartRequest, req.body ?? {});
    answer(res, await carts.write(req.principal!.sub, items, precondition));
  });
  router.delete('/api/v1/cart', customer, async (req, res) => {
    await carts.remove(req.principal!.sub, parseIfMatch(req.header('if-match')));
    res.status(204).end();
  });
}
