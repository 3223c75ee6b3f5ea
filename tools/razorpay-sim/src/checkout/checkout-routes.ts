// Razorpay Checkout, simulated: `GET /v1/checkout.js` (also `/checkout.js`) defines
// `window.Razorpay` with Razorpay's options and callbacks; `open()` shows the modal page
// (`GET /v1/checkout/modal`) in a full-window iframe, whose buttons call
// `POST /v1/checkout/pay` on this origin. Mounted before the /v1 API router: these routes take no
// Basic auth (a browser has no key secret), only the public key id, as Razorpay's do.
import express, { type Router } from 'express';
import type { SimContext } from '../context';
import { RazorpayApiError } from '../errors';
import { CHECKOUT_SCRIPT, MODAL_SCRIPT } from './checkout-script';
import { modalPage } from './modal-page';
import { payFromCheckout } from './pay-from-checkout';

export function checkoutRouter(ctx: SimContext): Router {
  const router = express.Router();

  const serveScript: express.RequestHandler = (_req, res) => {
    res
      .type('application/javascript')
      .set({ 'cache-control': 'no-cache', 'access-control-allow-origin': '*' })
      .send(CHECKOUT_SCRIPT);
  };
  router.get('/v1/checkout.js', serveScript);
  router.get('/checkout.js', serveScript);

  router.get('/v1/checkout/modal.js', (_req, res) => {
    res.type('application/javascript').set('cache-control', 'no-cache').send(MODAL_SCRIPT);
  });

  router.get('/v1/checkout/modal', (req, res) => {
    const q = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : '');
    let problem: string | undefined;
    let order: { amount: number; currency: string; status: string } | undefined;
    if (q('key_id') !== ctx.keyId) problem = 'This key id is not valid for this account.';
    else {
      try {
        order = ctx.store.getOrderForSim(q('order_id'));
      } catch (err) {
        if (!(err instanceof RazorpayApiError)) throw err;
        problem = 'This order does not exist.';
      }
    }
    if (!problem && order?.status === 'paid') problem = 'This order has already been paid.';
    res
      .type('html')
      .set({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
      .send(
        modalPage({
          keyId: q('key_id'),
          orderId: q('order_id'),
          parentOrigin: q('origin'),
          name: q('name') || 'Merchant',
          description: q('description'),
          color: /^#[0-9a-fA-F]{3,8}$/.test(q('color')) ? q('color') : '#3399cc',
          amount: order?.amount,
          currency: order?.currency,
          problem,
        }),
      );
  });

  router.post('/v1/checkout/pay', express.json({ limit: '16kb' }), async (req, res) => {
    res.json(await payFromCheckout(ctx, req.body));
  });

  return router;
}
