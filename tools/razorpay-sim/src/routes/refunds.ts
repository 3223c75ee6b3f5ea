import type { SimContext } from '../context';
import { refundPayment } from '../domain/refunds';
import { badRequest } from '../errors';
import { collection } from '../types';
import { param, type RouteDef } from './table';

export function refundRoutes(ctx: SimContext): RouteDef[] {
  return [
    {
      method: 'post',
      path: '/payments/:id/refund',
      handler: async (req, res) => {
        const key = req.get('X-Refund-Idempotency');
        const { refund } = refundPayment(ctx, param(req.params, 'id'), req.body, key);
        await ctx.store.commit();
        res.json(refund);
      },
    },
    {
      method: 'get',
      path: '/payments/:id/refunds',
      handler: (req, res) => {
        const payment = ctx.store.getPayment(param(req.params, 'id'));
        res.json(collection(ctx.store.refundsOf(payment.id)));
      },
    },
    {
      method: 'get',
      path: '/payments/:id/refunds/:refundId',
      handler: (req, res) => {
        const payment = ctx.store.getPayment(param(req.params, 'id'));
        const refund = ctx.store.getRefund(param(req.params, 'refundId'));
        if (refund.payment_id !== payment.id) throw badRequest('The id provided does not exist', 'id');
        res.json(refund);
      },
    },
    {
      method: 'get',
      path: '/refunds/:id',
      handler: (req, res) => {
        res.json(ctx.store.getRefund(param(req.params, 'id')));
      },
    },
  ];
}
