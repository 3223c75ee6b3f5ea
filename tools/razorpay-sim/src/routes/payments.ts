import type { SimContext } from '../context';
import { capturePayment } from '../domain/payments';
import { param, type RouteDef } from './table';

export function paymentRoutes(ctx: SimContext): RouteDef[] {
  return [
    {
      method: 'get',
      path: '/payments/:id',
      handler: (req, res) => {
        res.json(ctx.store.getPayment(param(req.params, 'id')));
      },
    },
    {
      method: 'post',
      path: '/payments/:id/capture',
      handler: async (req, res) => {
        const payment = capturePayment(ctx, param(req.params, 'id'), req.body);
        await ctx.store.commit();
        res.json(payment);
      },
    },
  ];
}
