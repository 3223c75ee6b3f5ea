import { Payment } from './payment';
import { PaymentAttempt } from './payment-attempt';
import { Refund } from './refund';
import { WebhookEvent } from './webhook-event';

export { Payment, PaymentAttempt, Refund, WebhookEvent };

/** The payments schema's own tables (the runtime adds its messaging tables). */
export const paymentsEntities = [Payment, WebhookEvent, PaymentAttempt, Refund];
