// Razorpay Checkout's success handler hands the page three fields; the shop posts them to the
// order service, which has payments verify them (HMAC-SHA256 of `order_id|payment_id` with the key
// secret) and confirm the payment through the same path as the webhook and reconciliation.
import { z } from 'zod';
import { OrderStatus } from './orders';

export const RazorpayPaymentId = z
  .string({ error: 'required: the razorpay_payment_id Checkout gave the handler' })
  .regex(/^pay_[A-Za-z0-9]{1,40}$/, 'must be a Razorpay payment id (pay_...)');
export const RazorpayOrderId = z
  .string({ error: 'required: the razorpay_order_id Checkout gave the handler' })
  .regex(/^order_[A-Za-z0-9]{1,40}$/, 'must be a Razorpay order id (order_...)');
export const RazorpayCheckoutSignature = z
  .string({ error: 'required: the razorpay_signature Checkout gave the handler' })
  .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters (HMAC-SHA256)');

/** POST /api/v1/orders/{orderId}/payment: exactly what Razorpay Checkout's handler receives. */
export const PaymentCallbackRequest = z
  .object({
    razorpay_payment_id: RazorpayPaymentId,
    razorpay_order_id: RazorpayOrderId.describe("The order's paymentIntent.paymentProviderOrderId"),
    razorpay_signature: RazorpayCheckoutSignature.describe(
      'Hex HMAC-SHA256 of `razorpay_order_id|razorpay_payment_id`, keyed with the Razorpay key secret',
    ),
  })
  .describe("Razorpay Checkout's handler fields, unchanged");
export type PaymentCallbackRequest = z.infer<typeof PaymentCallbackRequest>;

export const CallbackPaymentStatus = z
  .enum(['INTENT_PENDING', 'INTENT_CREATED', 'AUTHORIZED', 'CAPTURED', 'FAILED', 'REFUNDED', 'VOIDED'])
  .describe(
    "Our payment record's status after the callback: CAPTURED means the payment is confirmed; VOIDED, that Razorpay had no record of its Razorpay order",
  );

export const PaymentCallbackResponse = z
  .object({
    orderId: z.string(),
    status: OrderStatus.describe(
      "The order's status when answering; after a capture it moves on to PENDING_VENDOR_ACCEPTANCE within moments (follow /timeline or the socket)",
    ),
    paymentId: z.string(),
    paymentStatus: CallbackPaymentStatus,
  })
  .describe('The callback was verified and applied (or had been already)');
export type PaymentCallbackResponse = z.infer<typeof PaymentCallbackResponse>;

/** POST /api/v1/internal/payments/checkout-callback (order -> payments). */
export const CheckoutCallbackRequest = PaymentCallbackRequest.extend({
  orderReference: z.string().min(1).max(40).describe('Our order id, as in create-intent'),
}).describe('A Checkout callback for one of our orders, forwarded by the order service');
export type CheckoutCallbackRequest = z.infer<typeof CheckoutCallbackRequest>;

export const CheckoutCallbackResult = z.object({
  orderReference: z.string(),
  paymentId: z.string(),
  paymentStatus: CallbackPaymentStatus,
  razorpayStatus: z
    .string()
    .describe("The payment's status as Razorpay shows it (fetched, never taken from the client)"),
});
export type CheckoutCallbackResult = z.infer<typeof CheckoutCallbackResult>;
