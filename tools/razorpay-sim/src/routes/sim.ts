import express, { type Router } from 'express';
import { z } from 'zod';
import type { SimContext } from '../context';
import { lateAuthorize, pay } from '../domain/payments';
import { badRequest } from '../errors';
import { redactKnobs } from '../knobs';
import type { StoredEvent } from '../store';
import { parseBody } from '../validation';
import { param } from './table';

export interface WebhookEventSummary {
  id: string;
  event: StoredEvent['event'];
  paymentId: string | null;
  orderId: string | null;
  refundId: string | null;
  createdAt: number;
  /** Last HTTP status the receiver gave; null when it never answered or the event was withheld. */
  status: number | null;
  delivered: boolean;
  attempts: number;
}

export function summarizeEvent(event: StoredEvent): WebhookEventSummary {
  const last = event.deliveries[event.deliveries.length - 1];
  const status = last?.status ?? null;
  return {
    id: event.id,
    event: event.event,
    paymentId: event.paymentId,
    orderId: event.orderId,
    refundId: event.refundId,
    createdAt: event.createdAt,
    status,
    delivered: event.deliveries.some((d) => d.status !== null && d.status >= 200 && d.status < 300),
    attempts: event.deliveries.length,
  };
}

const webhookQuery = z.object({
  event: z.string().optional(),
  orderId: z.string().optional(),
  paymentId: z.string().optional(),
});

const redeliverSchema = z.strictObject({ eventId: z.string({ error: 'eventId is required' }).min(1) });

export function findEvent(ctx: SimContext, eventId: string): StoredEvent {
  const event = ctx.store.events.get(eventId);
  if (!event) throw badRequest(`No webhook event ${eventId} in this simulator`, 'eventId', 404);
  return event;
}

/**
 * Simulator-only routes, no Basic auth and unaffected by the knobs: they stand for the customer
 * on Razorpay's checkout page and for the test harness.
 */
export function simRouter(ctx: SimContext, onReset: () => Promise<void>): Router {
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/', (_req, res) => {
    res.json({
      simulator: 'razorpay-sim',
      keyId: ctx.keyId,
      routes: [
        'POST /_sim/orders/:razorpayOrderId/pay { outcome?: "captured"|"authorized"|"failed", webhook?: boolean }',
        'POST /_sim/payments/:paymentId/late-authorize { outcome?: "captured"|"authorized", webhook?: boolean }',
        'GET /_sim/webhooks?event=&orderId=&paymentId=',
        'GET /_sim/webhooks/:eventId',
        'POST /_sim/webhooks/redeliver { eventId }',
        'GET|POST /_sim/config',
        'POST /_sim/reset',
        'GET /_sim/stats',
      ],
    });
  });

  router.post('/orders/:orderId/pay', async (req, res) => {
    res.json(await pay(ctx, param(req.params, 'orderId'), req.body ?? {}));
  });

  router.post('/payments/:paymentId/late-authorize', async (req, res) => {
    res.json(await lateAuthorize(ctx, param(req.params, 'paymentId'), req.body ?? {}));
  });

  router.get('/webhooks', (req, res) => {
    const q = parseBody(webhookQuery, req.query);
    const items = [...ctx.store.events.values()]
      .filter(
        (e) =>
          (q.event === undefined || e.event === q.event) &&
          (q.orderId === undefined || e.orderId === q.orderId) &&
          (q.paymentId === undefined || e.paymentId === q.paymentId),
      )
      .map(summarizeEvent);
    res.json({ count: items.length, items });
  });

  router.get('/webhooks/:eventId', (req, res) => {
    const event = findEvent(ctx, param(req.params, 'eventId'));
    // The raw body lets a test replay the event byte for byte, signing it with its own copy of the secret.
    res.json({ ...summarizeEvent(event), body: event.body, deliveries: event.deliveries });
  });

  router.post('/webhooks/redeliver', async (req, res) => {
    const { eventId } = parseBody(redeliverSchema, req.body);
    res.json(await ctx.webhooks.deliver(findEvent(ctx, eventId)));
  });

  router.get('/config', (_req, res) => {
    res.json(redactKnobs(ctx.knobs.get()));
  });

  router.post('/config', (req, res) => {
    const knobs = ctx.knobs.apply(req.body ?? {});
    ctx.logger.info({ knobs: redactKnobs(knobs) }, 'razorpay-sim: knobs changed');
    res.json(redactKnobs(knobs));
  });

  router.post('/reset', async (_req, res) => {
    await onReset();
    res.json({ reset: true });
  });

  router.get('/stats', (_req, res) => {
    res.json(ctx.stats.snapshot());
  });

  return router;
}
