// Realistic bodies of the saga, typed against the zod contracts. They appear as examples in the
// generated OpenAPI and AsyncAPI documents, and the tests check them against the generated JSON
// Schemas the way a service in another language would.
import type { z } from 'zod';
import type * as C from '../src';

type In<T extends z.ZodType> = z.input<T>;

const ORDER_ID = '0b7e5c2a-4f1d-4c3e-9a8b-2d6f1e0c9a71';
const VENDOR_ID = 'vendor-udupi-kitchen';
const RAZORPAY_ORDER_ID = 'order_PZx3c9Kq2LmN7a';
const PAYMENT_ID = 'pay_PZx4GmT8uVq1Rb';

const lines = [
  {
    productId: 'dosa-masala',
    vendorId: VENDOR_ID,
    name: 'Masala Dosa',
    quantity: 2,
    unitPrice: 12000,
    lineTotal: 24000,
  },
  {
    productId: 'filter-coffee',
    vendorId: VENDOR_ID,
    name: 'Filter Coffee',
    quantity: 1,
    unitPrice: 4000,
    lineTotal: 4000,
  },
] satisfies Array<In<typeof C.PricedLine>>;

export const checkoutRequest = {
  cartItems: [
    { productId: 'dosa-masala', quantity: 2 },
    { productId: 'filter-coffee', quantity: 1 },
  ],
} satisfies In<typeof C.CheckoutRequest>;

export const checkoutResponse = {
  orderId: ORDER_ID,
  status: 'CHECKOUT',
  amount: 28000,
  currency: 'INR',
  vendorId: VENDOR_ID,
  items: lines,
  expiresAt: '2025-11-25T13:45:00.000Z',
  paymentIntent: {
    paymentProviderOrderId: RAZORPAY_ORDER_ID,
    keyId: 'rzp_test_1DP5mmOlF5G5ag',
    amount: 28000,
    currency: 'INR',
    orderReference: ORDER_ID,
    provider: 'razorpay',
    status: 'INTENT_CREATED',
  },
} satisfies In<typeof C.CheckoutResponse>;

export const outOfStockProblem = {
  type: 'https://errors.checkout-saga.dev/out-of-stock',
  title: 'Conflict',
  status: 409,
  detail: 'not enough stock for alphonso-1doz',
  code: 'OUT_OF_STOCK',
  isAvailable: false,
  unavailableItems: [{ productId: 'alphonso-1doz', requested: 12, available: 10 }],
  requestId: '6f1c2b9e-0d4a-4b7f-8e3c-5a2d1f0b9c84',
} satisfies In<typeof C.OutOfStockProblem>;

export const validationProblem = {
  type: 'https://errors.checkout-saga.dev/validation-failed',
  title: 'Bad Request',
  status: 400,
  detail: 'cartItems[0].quantity: must be a whole number',
  code: 'VALIDATION_FAILED',
  invalidParams: [{ name: 'cartItems[0].quantity', reason: 'must be a whole number' }],
} satisfies In<typeof C.ValidationProblem>;

export const paymentGatewayUnavailableProblem = {
  type: 'https://errors.checkout-saga.dev/payment-gateway-unavailable',
  title: 'Service Unavailable',
  status: 503,
  detail: 'the payment gateway is unavailable (circuit open); retry later',
  code: 'PAYMENT_GATEWAY_UNAVAILABLE',
  retryAfterSeconds: 5,
} satisfies In<typeof C.ServiceUnavailableProblem>;

export const paymentConfirmed = {
  eventId: '3d6f9a1e-7b2c-4e8d-a5f0-9c1b2e3d4f5a',
  eventType: 'PaymentConfirmed',
  eventVersion: 1,
  occurredAt: '2025-11-25T13:32:10.412Z',
  payload: {
    orderReference: ORDER_ID,
    paymentProviderOrderId: RAZORPAY_ORDER_ID,
    paymentId: PAYMENT_ID,
    amount: 28000,
    currency: 'INR',
    method: 'upi',
    capturedAt: '2025-11-25T13:32:09.000Z',
  },
} satisfies In<typeof C.PaymentConfirmed>;

export const paymentFailed = {
  eventId: '8a2b4c6d-1e3f-4a5b-9c7d-0e1f2a3b4c5d',
  eventType: 'PaymentFailed',
  eventVersion: 1,
  occurredAt: '2025-11-25T13:33:02.118Z',
  payload: {
    orderReference: ORDER_ID,
    paymentProviderOrderId: RAZORPAY_ORDER_ID,
    paymentId: PAYMENT_ID,
    reason: 'Payment was declined by the bank',
    errorCode: 'BAD_REQUEST_ERROR',
  },
} satisfies In<typeof C.PaymentFailed>;

export const orderPlaced = {
  eventId: 'c4e1a7b3-2d5f-4b8e-9a1c-6f3e2d1c0b9a',
  eventType: 'OrderPlaced',
  eventVersion: 1,
  occurredAt: '2025-11-25T13:32:10.530Z',
  payload: {
    orderId: ORDER_ID,
    customerId: 'cust_7f3a91',
    vendorId: VENDOR_ID,
    items: lines,
    amount: 28000,
    currency: 'INR',
    paymentId: PAYMENT_ID,
    placedAt: '2025-11-25T13:32:10.530Z',
  },
} satisfies In<typeof C.OrderPlaced>;

export const paymentRefunded = {
  eventId: '9f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19',
  eventType: 'PaymentRefunded',
  eventVersion: 1,
  occurredAt: '2025-11-25T14:05:41.907Z',
  payload: {
    orderReference: ORDER_ID,
    paymentId: PAYMENT_ID,
    refundId: 'rfnd_PZy8HkW2nXc4Tq',
    amount: 28000,
    currency: 'INR',
    reason: 'paid after the checkout expired',
    refundedAt: '2025-11-25T14:05:40.000Z',
  },
} satisfies In<typeof C.PaymentRefunded>;

export const paymentIntentVoided = {
  eventId: '4d5e6f7a-8b9c-4d1e-8f3a-4b5c6d7e8f90',
  eventType: 'PaymentIntentVoided',
  eventVersion: 1,
  occurredAt: '2025-11-25T14:10:02.118Z',
  payload: {
    orderReference: ORDER_ID,
    paymentProviderOrderId: RAZORPAY_ORDER_ID,
    reason: 'the payment gateway has no record of the Razorpay order',
    voidedAt: '2025-11-25T14:10:02.118Z',
  },
} satisfies In<typeof C.PaymentIntentVoided>;

export const orderExpired = {
  eventId: '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
  eventType: 'OrderExpired',
  eventVersion: 1,
  occurredAt: '2025-11-25T13:45:00.315Z',
  payload: {
    orderId: ORDER_ID,
    reason: 'not paid within CHECKOUT_EXPIRY_SECONDS',
    expiredAt: '2025-11-25T13:45:00.315Z',
  },
} satisfies In<typeof C.OrderExpired>;

export const orderCancelled = {
  eventId: '2b3c4d5e-6f7a-4b9c-8d1e-2f3a4b5c6d7e',
  eventType: 'OrderCancelled',
  eventVersion: 1,
  occurredAt: '2025-11-25T13:46:12.020Z',
  payload: {
    orderId: ORDER_ID,
    reason: 'the stock was sold while the payment was pending',
    cancelledAt: '2025-11-25T13:46:12.020Z',
  },
} satisfies In<typeof C.OrderCancelled>;

export const refundRequested = {
  eventId: '3c4d5e6f-7a8b-4c0d-9e2f-3a4b5c6d7e8f',
  eventType: 'RefundRequested',
  eventVersion: 1,
  occurredAt: '2025-11-25T13:46:12.020Z',
  payload: {
    orderId: ORDER_ID,
    paymentId: PAYMENT_ID,
    amount: 28000,
    currency: 'INR',
    reason: 'the stock was sold while the payment was pending',
  },
} satisfies In<typeof C.RefundRequested>;

/** The same events as they arrive from Dapr pub/sub: CloudEvents 1.0, structured mode. */
const cloudEvent = <E extends { eventId: string; eventType: string; occurredAt: string }>(
  source: 'payments' | 'order',
  event: E,
) => ({
  specversion: '1.0' as const,
  id: event.eventId,
  source,
  type: event.eventType as E['eventType'],
  datacontenttype: 'application/json',
  time: event.occurredAt,
  topic: source === 'payments' ? 'payment-events' : 'order-events',
  pubsubname: 'pubsub',
  data: event,
});
export const paymentConfirmedCloudEvent = {
  ...cloudEvent('payments', paymentConfirmed),
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
} satisfies In<typeof C.PaymentConfirmedCloudEvent>;
export const paymentFailedCloudEvent = cloudEvent('payments', paymentFailed) satisfies In<
  typeof C.PaymentFailedCloudEvent
>;
export const paymentRefundedCloudEvent = cloudEvent('payments', paymentRefunded) satisfies In<
  typeof C.PaymentRefundedCloudEvent
>;
export const paymentIntentVoidedCloudEvent = cloudEvent('payments', paymentIntentVoided) satisfies In<
  typeof C.PaymentIntentVoidedCloudEvent
>;
export const orderAccepted = {
  eventId: '4d5e6f7a-8b9c-4d1e-8f3a-4b5c6d7e8f9a',
  eventType: 'OrderAccepted',
  eventVersion: 1,
  occurredAt: '2025-11-25T13:34:02.100Z',
  payload: {
    orderId: ORDER_ID,
    customerId: 'cust_7f3a91',
    vendorId: VENDOR_ID,
    acceptedAt: '2025-11-25T13:34:02.100Z',
  },
} satisfies In<typeof C.OrderAccepted>;

export const orderRejected = {
  eventId: '5e6f7a8b-9c0d-4e2f-9a4b-5c6d7e8f9a0b',
  eventType: 'OrderRejected',
  eventVersion: 1,
  occurredAt: '2025-11-25T13:34:40.250Z',
  payload: {
    orderId: ORDER_ID,
    customerId: 'cust_7f3a91',
    vendorId: VENDOR_ID,
    reason: 'the kitchen closes early today',
    rejectedBy: 'vendor',
    paymentId: PAYMENT_ID,
    amount: 28000,
    currency: 'INR',
    rejectedAt: '2025-11-25T13:34:40.250Z',
  },
} satisfies In<typeof C.OrderRejected>;

export const orderRefunded = {
  eventId: '6f7a8b9c-0d1e-4f3a-8b5c-6d7e8f9a0b1c',
  eventType: 'OrderRefunded',
  eventVersion: 1,
  occurredAt: '2025-11-25T13:35:12.480Z',
  payload: {
    orderId: ORDER_ID,
    customerId: 'cust_7f3a91',
    vendorId: VENDOR_ID,
    status: 'REJECTED',
    paymentId: PAYMENT_ID,
    refundId: 'rfnd_PZy8HkW2nXc4Tq',
    amount: 28000,
    currency: 'INR',
    refundedAt: '2025-11-25T13:35:11.000Z',
  },
} satisfies In<typeof C.OrderRefunded>;

export const rejectOrderRequest = { reason: 'the kitchen closes early today' } satisfies In<
  typeof C.RejectOrderRequest
>;

export const acceptedOrder = {
  orderId: ORDER_ID,
  customerId: 'cust_7f3a91',
  vendorId: VENDOR_ID,
  status: 'ACCEPTED',
  statusReason: null,
  items: lines,
  amount: 28000,
  currency: 'INR',
  paymentProviderOrderId: RAZORPAY_ORDER_ID,
  paymentId: PAYMENT_ID,
  createdAt: '2025-11-25T13:30:00.000Z',
  updatedAt: '2025-11-25T13:34:02.100Z',
  expiresAt: '2025-11-25T13:45:00.000Z',
  placedAt: '2025-11-25T13:32:10.530Z',
  answeredAt: '2025-11-25T13:34:02.100Z',
  vendorAnswerDueAt: null,
} satisfies In<typeof C.Order>;

export const orderStateConflictProblem = {
  type: 'https://errors.checkout-saga.dev/order-state-conflict',
  title: 'Conflict',
  status: 409,
  detail: `order ${ORDER_ID} is ACCEPTED; only an order in PENDING_VENDOR_ACCEPTANCE can be rejected`,
  code: 'ORDER_STATE_CONFLICT',
  orderStatus: 'ACCEPTED',
} satisfies In<typeof C.ConflictProblem>;

export const paymentCallbackRequest = {
  razorpay_payment_id: PAYMENT_ID,
  razorpay_order_id: RAZORPAY_ORDER_ID,
  razorpay_signature: '0b7b82cd8078aa8ebb407e1bdf39c9a0118ccbc09762ade0e39479e6ee8f7264',
} satisfies In<typeof C.PaymentCallbackRequest>;

export const paymentCallbackResponse = {
  orderId: ORDER_ID,
  status: 'CONFIRMING_PAYMENT',
  paymentId: PAYMENT_ID,
  paymentStatus: 'CAPTURED',
} satisfies In<typeof C.PaymentCallbackResponse>;

export const invalidPaymentSignatureProblem = {
  type: 'https://errors.checkout-saga.dev/invalid-payment-signature',
  title: 'Bad Request',
  status: 400,
  detail: 'razorpay_signature does not match razorpay_order_id and razorpay_payment_id',
  code: 'INVALID_PAYMENT_SIGNATURE',
  invalidParams: [{ name: 'razorpay_signature', reason: 'does not match razorpay_order_id|razorpay_payment_id' }],
} satisfies In<typeof C.ValidationProblem>;

export const putCartRequest = {
  items: [
    { productId: 'dosa-masala', quantity: 2 },
    { productId: 'filter-coffee', quantity: 1 },
  ],
} satisfies In<typeof C.PutCartRequest>;

export const cart = {
  items: putCartRequest.items,
  etag: '7f1c9a52-2b8e-4d61-a0f3-5c4e9b2d1a70',
  updatedAt: '2025-11-25T13:20:00.000Z',
  expiresAt: '2025-12-02T13:20:00.000Z',
} satisfies In<typeof C.Cart>;

export const cartChangedProblem = {
  type: 'https://errors.checkout-saga.dev/cart-changed',
  title: 'Precondition Failed',
  status: 412,
  detail: 'the cart changed since the version named in If-Match: read it again (GET) and retry with its ETag',
  code: 'CART_CHANGED',
} satisfies In<typeof C.PreconditionFailedProblem>;

export const orderPlacedCloudEvent = cloudEvent('order', orderPlaced) satisfies In<typeof C.OrderPlacedCloudEvent>;
export const orderExpiredCloudEvent = cloudEvent('order', orderExpired) satisfies In<typeof C.OrderExpiredCloudEvent>;
export const orderCancelledCloudEvent = cloudEvent('order', orderCancelled) satisfies In<
  typeof C.OrderCancelledCloudEvent
>;
export const refundRequestedCloudEvent = cloudEvent('order', refundRequested) satisfies In<
  typeof C.RefundRequestedCloudEvent
>;
export const orderAcceptedCloudEvent = cloudEvent('order', orderAccepted) satisfies In<
  typeof C.OrderAcceptedCloudEvent
>;
export const orderRejectedCloudEvent = cloudEvent('order', orderRejected) satisfies In<
  typeof C.OrderRejectedCloudEvent
>;
export const orderRefundedCloudEvent = cloudEvent('order', orderRefunded) satisfies In<
  typeof C.OrderRefundedCloudEvent
>;

export const newOrderFrame = {
  event: 'new_order',
  id: '5e2d8c1a-9b4f-4a3e-8d7c-1b0a9f8e7d6c',
  data: {
    orderId: ORDER_ID,
    vendorId: VENDOR_ID,
    items: lines,
    amount: 28000,
    currency: 'INR',
    customerId: 'cust_7f3a91',
    placedAt: '2025-11-25T13:32:10.530Z',
  },
} satisfies In<typeof C.NewOrderFrame>;

export const orderStatusFrame = {
  event: 'order_status',
  id: '6f3e9d2b-0c5a-4b4f-9e8d-2c1b0a9f8e7d',
  data: {
    orderId: ORDER_ID,
    status: 'REJECTED',
    change: 'rejected',
    vendorId: VENDOR_ID,
    at: '2025-11-25T13:34:40.250Z',
    reason: 'the kitchen closes early today',
  },
} satisfies In<typeof C.OrderStatusFrame>;

export const ackFrame = { event: 'ack', id: newOrderFrame.id } satisfies In<typeof C.AckFrame>;
export const ackedFrame = { event: 'acked', id: newOrderFrame.id } satisfies In<typeof C.AckedFrame>;
export const pingFrame = { event: 'ping' } satisfies In<typeof C.PingFrame>;
export const pongFrame = { event: 'pong' } satisfies In<typeof C.PongFrame>;
export const socketErrorFrame = {
  event: 'error',
  code: 'UNKNOWN_NOTIFICATION',
  detail: 'no notification 5e2d8c1a-9b4f-4a3e-8d7c-1b0a9f8e7d6d for this vendor',
  id: '5e2d8c1a-9b4f-4a3e-8d7c-1b0a9f8e7d6d',
} satisfies In<typeof C.SocketErrorFrame>;

export const razorpayPaymentCaptured = {
  entity: 'event',
  account_id: 'acc_BFQ7uQEaa7j2z7',
  event: 'payment.captured',
  contains: ['payment'],
  payload: {
    payment: {
      entity: {
        id: PAYMENT_ID,
        entity: 'payment',
        amount: 28000,
        currency: 'INR',
        status: 'captured',
        order_id: RAZORPAY_ORDER_ID,
        invoice_id: null,
        international: false,
        method: 'upi',
        amount_refunded: 0,
        refund_status: null,
        captured: true,
        description: null,
        vpa: 'customer@okhdfcbank',
        email: 'customer@example.com',
        contact: '+919876543210',
        notes: [],
        fee: 660,
        tax: 100,
        error_code: null,
        error_description: null,
        error_reason: null,
        created_at: 1764077529,
      },
    },
  },
  created_at: 1764077530,
} satisfies In<typeof C.RazorpayWebhookEvent>;
