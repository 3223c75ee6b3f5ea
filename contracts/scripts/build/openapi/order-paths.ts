import * as examples from '../../../examples/payloads';
import { IdempotencyKey } from '../../../src';
import { inlineJsonSchema } from '../json-schema';
import { bearer, jsonRequestBody, jsonResponse, problemResponse, responseRef, retryAfterHeader } from './responses';
import { servicePaths } from './services';

const orderIdParameter = {
  name: 'orderId',
  in: 'path',
  required: true,
  description: 'The orderId checkout answered',
  schema: { type: 'string', format: 'uuid' },
};
const readers = "Bearer token of the customer who owns the order, or of the order's vendor; anyone else gets 404.";

export const orderPaths = servicePaths('order', {
  '/api/v1/orders/checkout': {
    post: {
      operationId: 'checkout',
      summary: 'Start a prepaid checkout',
      description:
        'Customer token. Prices the cart from the catalog (never from the client), holds the stock for CHECKOUT_EXPIRY_SECONDS and ' +
        'creates the Razorpay payment intent. Pay with Razorpay Checkout using paymentIntent.keyId and paymentIntent.paymentProviderOrderId; ' +
        'the order moves on when Razorpay confirms the payment.',
      security: bearer,
      parameters: [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Retry safely: the same key with the same cart replays the first answer; with another cart it is refused (422)',
          schema: inlineJsonSchema(IdempotencyKey),
        },
      ],
      requestBody: jsonRequestBody('CheckoutRequest', 'The cart', {
        twoItems: { summary: 'Two dosas and a coffee', value: examples.checkoutRequest },
      }),
      responses: {
        '200': {
          ...jsonResponse('CheckoutResponse', 'The order in CHECKOUT, its priced lines and the payment intent', {
            created: { summary: 'Checkout started', value: examples.checkoutResponse },
          }),
          headers: {
            'Idempotent-Replayed': {
              description:
                'Present (true) when this answer is the stored one of an earlier request under the same Idempotency-Key: nothing new was held or charged',
              required: false,
              schema: { type: 'string', enum: ['true'] },
            },
          },
        },
        '400': problemResponse(
          'Invalid payload: invalidParams says which fields and why (VALIDATION_FAILED, MALFORMED_JSON, UNKNOWN_PRODUCT)',
          'ValidationProblem',
          {
            examples: { fractionalQuantity: { summary: 'A fractional quantity', value: examples.validationProblem } },
          },
        ),
        '401': responseRef('Unauthorized'),
        '403': responseRef('Forbidden'),
        '409': problemResponse(
          "Out of stock (OUT_OF_STOCK, with the catalog's unavailableItems; no payment initiated), or a request under the same Idempotency-Key is still running (IDEMPOTENCY_REQUEST_IN_PROGRESS, with Retry-After)",
          ['OutOfStockProblem', 'ConflictProblem'],
          {
            headers: {
              'Retry-After': {
                description: 'With IDEMPOTENCY_REQUEST_IN_PROGRESS: seconds to wait',
                required: false,
                schema: { type: 'integer', minimum: 1 },
              },
            },
            examples: { outOfStock: { summary: 'Not enough mangoes', value: examples.outOfStockProblem } },
          },
        ),
        '413': responseRef('PayloadTooLarge'),
        '422': problemResponse(
          'The Idempotency-Key was used with another cart (IDEMPOTENCY_KEY_REUSED), or the cart spans vendors (MULTIPLE_VENDORS)',
          'UnprocessableProblem',
        ),
        '503': problemResponse(
          'The payment gateway (PAYMENT_GATEWAY_UNAVAILABLE) or the catalog (SERVICE_UNAVAILABLE) is unavailable; the hold is released',
          'ServiceUnavailableProblem',
          {
            headers: { 'Retry-After': retryAfterHeader },
            examples: {
              gatewayDown: { summary: 'Razorpay unavailable', value: examples.paymentGatewayUnavailableProblem },
            },
          },
        ),
        default: responseRef('Problem'),
      },
    },
  },
  '/api/v1/orders/{orderId}': {
    get: {
      operationId: 'getOrder',
      summary: 'Read an order',
      description: readers,
      security: bearer,
      parameters: [orderIdParameter],
      responses: {
        '200': jsonResponse('Order', 'The order'),
        '401': responseRef('Unauthorized'),
        '403': responseRef('Forbidden'),
        '404': responseRef('NotFound'),
        default: responseRef('Problem'),
      },
    },
  },
  '/api/v1/orders/{orderId}/timeline': {
    get: {
      operationId: 'getOrderTimeline',
      summary: 'The saga steps of an order, oldest first',
      description: readers,
      security: bearer,
      parameters: [orderIdParameter],
      responses: {
        '200': jsonResponse('OrderTimeline', "The order's status and its steps"),
        '401': responseRef('Unauthorized'),
        '403': responseRef('Forbidden'),
        '404': responseRef('NotFound'),
        default: responseRef('Problem'),
      },
    },
  },
});
