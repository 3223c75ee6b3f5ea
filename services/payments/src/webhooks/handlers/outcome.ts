// What every webhook handler gets and returns. A handler runs inside the event's transaction with
// the payment record locked; it returns the event's final status, or a capture to do after commit.
import type { Emitter, Logger, Queryable } from '@saga/runtime';
import type { PaymentRecord } from '../../repositories/payment-repository';
import type { WebhookMetrics } from '../webhook-metrics';
import type { PaymentWebhook } from '../razorpay-event';

export interface CaptureRequest {
  paymentId: string;
  amount: number;
  currency: string;
}

export interface Outcome {
  status: 'PROCESSED' | 'IGNORED' | 'FLAGGED';
  /** Why it was ignored or flagged; kept in webhook_events.last_error. */
  note?: string;
  /** Razorpay must still capture this payment (auto-capture off): done after commit, then the event is finished. */
  capture?: CaptureRequest;
  /** A refund of this payment id was requested in the event's transaction: tried right after commit. */
  refund?: string;
}

export interface HandlerInput {
  tx: Queryable;
  out: Emitter;
  eventId: string;
  event: PaymentWebhook;
  payment: PaymentRecord;
}

export interface HandlerDeps {
  logger: Logger;
  metrics: WebhookMetrics;
  autoCapture: boolean;
}

export type WebhookHandler = (input: HandlerInput, deps: HandlerDeps) => Promise<Outcome>;

export const processed = (note?: string): Outcome => ({ status: 'PROCESSED', note });
export const ignored = (note: string): Outcome => ({ status: 'IGNORED', note });
export const flagged = (note: string): Outcome => ({ status: 'FLAGGED', note });
