import type { SimContext } from '../context';
import { createOrder, listOrders } from '../domain/orders';
import { collection } from '../types';
import { param, type RouteDef } from './table';

export function orderRoutes(ctx: SimContext): RouteDef[] {
  return [
    {
      method: 'post',
      path: '/orders',
      handler: async (req, res) => {
        const order = createOrder(ctx, req.body);
        await ctx.store.commit();
        res.json(order);
      },
    },
    {
      method: 'get',
      path: '/orders',
      handler: (req, res) => {
        res.json(collection(listOrders(ctx, req.query)));
      },
    },
    {
      method: 'get',
      path: '/orders/:id',
      handler: (req, res) => {
        res.json(ctx.store.getOrder(param(req.params, 'id')));
      },
    },
    {
      method: 'get',
      path: '/orders/:id/payments',
      handler: (req, res) => {
        const order = ctx.store.getOrder(param(req.params, 'id'));
        res.json(collection(ctx.store.paymentsOf(order.id)));
      },
    },
  ];
}
