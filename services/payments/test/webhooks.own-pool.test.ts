// Webhook processing runs on connections of its own: with every connection of the service's pool
// taken (a flood of acknowledgements and create-intents under overload), a paid order is still
// confirmed. Sharing the pool, processing waited in line behind all of them.
import type { WebhookReprocessWorker } from '../src/webhooks/reprocess-worker';
import { startWebhookTestSystem, type WebhookTestSystem } from './webhooks.helpers';

describe('payments: webhook processing has connections of its own', () => {
  let t: WebhookTestSystem;

  beforeAll(async () => {
    t = await startWebhookTestSystem({ DB_POOL_SIZE: '2', WEBHOOK_PROCESSING_CONCURRENCY: '1' });
  });
  afterAll(() => t.close());

  it('confirms a captured payment while every connection of the service pool is busy', async () => {
    const intent = await t.newIntent();
    // Paid on Razorpay; the webhook is not delivered, so its processing can be started below by hand.
    t.sim.configure({ webhookEvents: [] });
    await t.sim.pay(intent.rzpOrderId, { outcome: 'captured' });
    t.sim.configure({ webhookEvents: null });
    const captured = t.sim
      .webhookEvents()
      .find((e) => e.orderId === intent.rzpOrderId && e.event === 'payment.captured');
    if (!captured) throw new Error('the simulator recorded no payment.captured');
    const { body } = (await fetch(`${t.system.urls.simulator}/_sim/webhooks/${captured.id}`).then((r) => r.json())) as {
      body: string;
    };
    // Stored as the acknowledgement stores it.
    await t.sql(
      `insert into payments.webhook_events (event_id, event_type, body, next_attempt_at) values ($1, 'payment.captured', $2, now() + interval '1 hour')`,
      [captured.id, body],
    );

    const payments = t.system.services.payments;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holders = [1, 2].map(() => payments.ctx.db.transaction(() => held));
    try {
      const processor = (payments.workers['webhook-reprocess'] as WebhookReprocessWorker).processor;
      const done = await Promise.race([
        processor.process(captured.id).then(() => 'processed'),
        new Promise((r) => setTimeout(() => r('still waiting for a connection'), 3000)),
      ]);
      expect(done).toBe('processed');
      expect(await t.webhookRow(captured.id)).toMatchObject({ status: 'PROCESSED' });
      expect(await t.paymentRow(intent.orderReference)).toMatchObject({ status: 'CAPTURED' });
    } finally {
      release();
      await Promise.all(holders);
    }
  });
});
