// Shapes of the Razorpay entities the simulator serves. Field names and nullability follow
// Razorpay's API reference so code written against the simulator works against Razorpay.

/** Razorpay answers empty notes as `[]` (a PHP quirk), a filled one as an object. */
export type Notes = Record<string, string | number> | [];

export type OrderStatus = 'created' | 'attempted' | 'paid';
export type PaymentStatus = 'created' | 'authorized' | 'captured' | 'refunded' | 'failed';
export type RefundSpeed = 'normal' | 'optimum';

export interface OrderEntity {
  id: string;
  entity: 'order';
  amount: number;
  amount_paid: number;
  amount_due: number;
  currency: string;
  receipt: string | null;
  offer_id: null;
  status: OrderStatus;
  attempts: number;
  notes: Notes;
  created_at: number;
}

export interface PaymentEntity {
  id: string;
  entity: 'payment';
  amount: number;
  currency: string;
  status: PaymentStatus;
  order_id: string;
  invoice_id: null;
  international: false;
  method: 'upi';
  amount_refunded: number;
  refund_status: 'partial' | 'full' | null;
  captured: boolean;
  description: string | null;
  card_id: null;
  bank: null;
  wallet: null;
  vpa: string;
  email: string;
  contact: string;
  notes: Notes;
  fee: number | null;
  tax: number | null;
  error_code: string | null;
  error_description: string | null;
  error_source: string | null;
  error_step: string | null;
  error_reason: string | null;
  acquirer_data: Record<string, string | null>;
  upi: { vpa: string };
  created_at: number;
}

export interface RefundEntity {
  id: string;
  entity: 'refund';
  amount: number;
  currency: string;
  payment_id: string;
  notes: Notes;
  receipt: string | null;
  acquirer_data: { arn: string | null };
  created_at: number;
  batch_id: null;
  status: 'processed';
  speed_processed: 'normal' | 'instant';
  speed_requested: RefundSpeed;
}

export interface Collection<T> {
  entity: 'collection';
  count: number;
  items: T[];
}

export function collection<T>(items: T[]): Collection<T> {
  return { entity: 'collection', count: items.length, items };
}

export type PayOutcome = 'captured' | 'authorized' | 'failed';

export type WebhookEventName =
  'payment.authorized' | 'payment.captured' | 'payment.failed' | 'order.paid' | 'refund.processed';

/** The body Razorpay POSTs to a webhook URL. It carries no event id: that travels in a header. */
export interface WebhookBody {
  entity: 'event';
  account_id: string;
  event: WebhookEventName;
  contains: Array<'payment' | 'order' | 'refund'>;
  payload: {
    payment?: { entity: PaymentEntity };
    order?: { entity: OrderEntity };
    refund?: { entity: RefundEntity };
  };
  created_at: number;
}

/** What a pay / redeliver call reports per event. `status` is null when no HTTP answer came back. */
export interface WebhookDeliveryReport {
  id: string;
  event: WebhookEventName;
  status: number | null;
  delivered: boolean;
  attempts: number;
  /** When the last attempt was sent (epoch ms, sub-millisecond) and how long it took to be answered: for benchmarks. */
  sentAt: number;
  durationMs: number;
  error?: string;
}

export type PayResult = PaymentEntity & { webhooks: WebhookDeliveryReport[] };
