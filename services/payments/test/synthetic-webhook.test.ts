// The webhooks reconciliation and the Checkout callback build from what Razorpay shows satisfy
// Razorpay's webhook contract, so the processor parses them with the same schema as Razorpay's own.
import { RazorpayWebhookEvent } from '@saga/contracts';
import type { RazorpayPayment } from '../src/razorpay/razorpay-gateway';
import { SYNTHETIC_ACCOUNT_ID, completeStoredSynthetic, syntheticWebhookFor } from '../src/reconcile/synthetic-webhook';
import { parsePaymentWebhook } from '../src/webhooks/razorpay-event';

const observedAt = new Date('2026-12-04T10:00:00Z');
const payment = (status: RazorpayPayment['status'], extra: Partial<RazorpayPayment> = {}): RazorpayPayment => ({
  id: 'pay_Synthetic0000001',
  order_id: 'order_Synthetic000001',
  amount: 45_000,
  currency: 'INR',
  status,
  method: 'upi',
  ...extra,
});

describe('synthetic webhooks', () => {
  it.each(['captured', 'authorized', 'failed'] as const)(
    'a %s payment becomes an event the contract accepts, marked as ours by its account_id',
    (status) => {
      const synthetic = syntheticWebhookFor(payment(status, { created_at: 1_700_000_000 }), observedAt)!;
      const parsed = RazorpayWebhookEvent.safeParse(JSON.parse(synthetic.body));
      expect(parsed.error?.issues).toBeUndefined();
      expect(parsed.data).toMatchObject({
        account_id: SYNTHETIC_ACCOUNT_ID,
        event: `payment.${status}`,
        created_at: Math.floor(observedAt.getTime() / 1000),
        payload: { payment: { entity: { id: 'pay_Synthetic0000001', entity: 'payment', created_at: 1_700_000_000 } } },
      });
      expect('event' in parsePaymentWebhook(JSON.parse(synthetic.body))).toBe(true);
    },
  );

  it('a payment fetched without created_at still makes a valid event, dated when it was seen', () => {
    const synthetic = syntheticWebhookFor(payment('captured'), observedAt, {
      source: 'checkout-callback',
      idPrefix: 'callback',
    })!;
    const parsed = RazorpayWebhookEvent.parse(JSON.parse(synthetic.body));
    expect(parsed.payload.payment?.entity.created_at).toBe(Math.floor(observedAt.getTime() / 1000));
    expect(parsed.source).toBe('checkout-callback');
  });

  it('one stored by the previous version (no account_id, a payment without entity or created_at) is completed and parses', () => {
    const stored = {
      entity: 'event',
      event: 'payment.captured',
      contains: ['payment'],
      payload: { payment: { entity: payment('captured') } },
      created_at: 1_764_842_400,
      source: 'reconciliation',
    };
    expect(parsePaymentWebhook(stored)).toHaveProperty('problems');
    const parsed = parsePaymentWebhook(completeStoredSynthetic(stored));
    expect(parsed).toMatchObject({
      event: {
        account_id: SYNTHETIC_ACCOUNT_ID,
        payload: { payment: { entity: { id: 'pay_Synthetic0000001', entity: 'payment', created_at: 1_764_842_400 } } },
      },
    });
  });

  it("leaves Razorpay's own events alone: one without account_id is still refused", () => {
    const real = {
      entity: 'event',
      event: 'payment.captured',
      contains: ['payment'],
      payload: { payment: { entity: { ...payment('captured'), entity: 'payment', created_at: 1 } } },
      created_at: 1,
    };
    expect(completeStoredSynthetic(real)).toBe(real);
    expect(parsePaymentWebhook(completeStoredSynthetic(real))).toHaveProperty('problems');
  });
});
