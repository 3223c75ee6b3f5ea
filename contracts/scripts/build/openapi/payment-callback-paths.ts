// Razorpay Checkout's callback: posted by the shop to the order service, which forwards it to
// payments (internal) for the signature check and the confirmation.
import * as examples from '../../../examples/payloads';
import {
  bearer,
  jsonRequestBody,
  jsonResponse,
  problemResponse,
  responseRef,
  retryAfterHeader,
  serviceToken,
} from './responses';
import { servicePaths } from './services';

const unavailable = problemResponse(
  'Razorpay could not be asked about the payment (PAYMENT_GATEWAY_UNAVAILABLE); nothing changed, retry',
  'ServiceUnavailableProblem',
  {
    headers: { 'Retry-After': retryAfterHeader },
  },
);

export const orderPaymentCallbackPaths = servicePaths('order', {
  '/api/v1/orders/{orderId}/payment': {
    post: {
      operationId: 'confirmCheckoutPayment',
      summary: "Razorpay Checkout's callback: the customer has paid",
      description:
        "Customer token of the order's customer (a vendor 403, another customer's order 404). The body is what Checkout's handler received. " +
        'The signature (HMAC-SHA256 of razorpay_order_id|razorpay_payment_id with the key secret) is checked in constant time; then the payment is fetched ' +
        'from Razorpay and confirmed through the same path as the webhook and reconciliation: whichever comes first confirms it, the rest change nothing ' +
        '(the same callback twice included). A customer who pays and never comes back is placed by the webhook anyway.',
      security: bearer,
      parameters: [
        {
          name: 'orderId',
          in: 'path',
          required: true,
          description: "The order's id",
          schema: { type: 'string', format: 'uuid' },
        },
      ],
      requestBody: jsonRequestBody('PaymentCallbackRequest', "Checkout's handler fields", {
        paid: { summary: 'Paid', value: examples.paymentCallbackRequest },
      }),
      responses: {
        '200': jsonResponse('PaymentCallbackResponse', 'Verified and applied (or applied already)', {
          captured: { summary: 'Captured', value: examples.paymentCallbackResponse },
        }),
        '400': problemResponse(
          "A field missing or malformed (VALIDATION_FAILED), a signature that does not match (INVALID_PAYMENT_SIGNATURE), or a Razorpay order that is not this order's; invalidParams names the field; nothing changed",
          'ValidationProblem',
          {
            examples: {
              badSignature: { summary: 'A forged signature', value: examples.invalidPaymentSignatureProblem },
            },
          },
        ),
        '401': responseRef('Unauthorized'),
        '403': responseRef('Forbidden'),
        '404': responseRef('NotFound'),
        '413': responseRef('PayloadTooLarge'),
        '503': unavailable,
        default: responseRef('Problem'),
      },
    },
  },
});

export const paymentsCallbackPaths = servicePaths('payments', {
  '/api/v1/internal/payments/checkout-callback': {
    post: {
      operationId: 'checkoutCallback',
      summary: 'Verify and apply a Checkout callback',
      description:
        "Internal: called by the order service through service invocation, after it checked that the order is the caller's. Signature first " +
        '(nothing unverified reaches Razorpay or the database), then the Razorpay order, then the payment as Razorpay shows it, applied as its webhook would be.',
      security: serviceToken,
      'x-internal': true,
      requestBody: jsonRequestBody('CheckoutCallbackRequest', 'The callback and our order id'),
      responses: {
        '200': jsonResponse(
          'CheckoutCallbackResult',
          "Our payment record after the callback, and Razorpay's status of the payment",
        ),
        '400': problemResponse(
          'A bad field, signature or Razorpay order (VALIDATION_FAILED, INVALID_PAYMENT_SIGNATURE); nothing changed',
          'ValidationProblem',
        ),
        '401': responseRef('ServiceUnauthorized'),
        '404': problemResponse('No payment for this order reference (NOT_FOUND)', 'NotFoundProblem'),
        '413': responseRef('PayloadTooLarge'),
        '502': problemResponse('Razorpay refused to show the payment (UPSTREAM_FAILED)', 'Problem'),
        '503': unavailable,
        default: responseRef('Problem'),
      },
    },
  },
});
