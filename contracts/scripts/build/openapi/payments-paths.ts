import * as examples from '../../../examples/payloads';
import { RAZORPAY_EVENT_ID_HEADER, RAZORPAY_SIGNATURE_HEADER, RazorpayEventId, RazorpaySignature } from '../../../src';
import { inlineJsonSchema } from '../json-schema';
import {
  jsonRequestBody,
  jsonResponse,
  problemResponse,
  responseRef,
  retryAfterHeader,
  serviceToken,
} from './responses';
import { servicePaths } from './services';

export const paymentsPaths = servicePaths('payments', {
  '/api/v1/internal/payments/create-intent': {
    post: {
      operationId: 'createPaymentIntent',
      summary: 'Create (or return) the Razorpay order a customer pays',
      description:
        'Internal: called by the order service through service invocation (Dapr app id `payments`). Idempotent on orderReference. ' +
        'Razorpay Checkout needs keyId and paymentProviderOrderId (the Razorpay order id).',
      security: serviceToken,
      'x-internal': true,
      requestBody: jsonRequestBody('CreateIntentRequest', 'Amount in paise (at least 100) and our order id'),
      responses: {
        '200': jsonResponse('PaymentIntent', 'The intent'),
        '400': responseRef('BadRequest'),
        '401': responseRef('ServiceUnauthorized'),
        '409': problemResponse(
          'An intent exists for this orderReference with another amount (INTENT_CONFLICT)',
          'ConflictProblem',
        ),
        '413': responseRef('PayloadTooLarge'),
        '503': responseRef('ServiceUnavailable'),
        default: responseRef('Problem'),
      },
    },
  },
  '/api/v1/webhooks/razorpay': {
    post: {
      operationId: 'receiveRazorpayWebhook',
      summary: 'Razorpay webhook receiver',
      description:
        'Public; Razorpay calls it. The raw body is verified against X-Razorpay-Signature (HMAC-SHA256 with RAZORPAY_WEBHOOK_SECRET) ' +
        'before anything else; a valid event is acknowledged fast (2xx) and processed after the response, deduplicated on X-Razorpay-Event-Id. ' +
        'A bad signature is rejected and changes nothing.',
      security: [],
      parameters: [
        {
          name: RAZORPAY_SIGNATURE_HEADER,
          in: 'header',
          required: true,
          description: 'Hex HMAC-SHA256 of the raw request body, keyed with the webhook secret',
          schema: inlineJsonSchema(RazorpaySignature),
        },
        {
          name: RAZORPAY_EVENT_ID_HEADER,
          in: 'header',
          required: true,
          description: "Razorpay's id of the event (the same on redelivery); each event is processed once",
          schema: inlineJsonSchema(RazorpayEventId),
        },
      ],
      requestBody: jsonRequestBody('RazorpayWebhookEvent', 'The event exactly as Razorpay sends it', {
        paymentCaptured: { summary: 'payment.captured', value: examples.razorpayPaymentCaptured },
      }),
      responses: {
        '200': jsonResponse(
          'RazorpayWebhookAck',
          'Stored (received) or already seen (duplicate), also for events the saga ignores; processing continues after the response',
        ),
        '400': problemResponse(
          'Not a JSON body (MALFORMED_JSON), or X-Razorpay-Event-Id missing or invalid (VALIDATION_FAILED)',
          'ValidationProblem',
        ),
        '401': problemResponse(
          'Missing or bad signature (INVALID_WEBHOOK_SIGNATURE); nothing was changed',
          'UnauthorizedProblem',
        ),
        '413': responseRef('PayloadTooLarge'),
        '503': problemResponse(
          'The event could not be stored (SERVICE_UNAVAILABLE); Razorpay delivers it again',
          'ServiceUnavailableProblem',
          {
            headers: { 'Retry-After': retryAfterHeader },
          },
        ),
        default: responseRef('Problem'),
      },
    },
  },
  '/api/v1/internal/payments/gateway-check': {
    post: {
      operationId: 'checkPaymentAtGateway',
      summary: "Ask Razorpay now what an order's payment is",
      description:
        "Internal: called by the order service's checkout expiry (Dapr app id `payments`) before it expires a checkout; reconciliation's own check of one payment. " +
        'A captured payment found is processed as its webhook would have been (PaymentConfirmed). Idempotent: asking twice confirms nothing twice.',
      security: serviceToken,
      'x-internal': true,
      requestBody: jsonRequestBody('GatewayCheckRequest', 'Our order id'),
      responses: {
        '200': jsonResponse('GatewayCheckResponse', 'What the gateway shows'),
        '400': responseRef('BadRequest'),
        '401': responseRef('ServiceUnauthorized'),
        '413': responseRef('PayloadTooLarge'),
        '502': problemResponse('Razorpay refused the read for good (UPSTREAM_FAILED)', 'Problem'),
        '503': responseRef('ServiceUnavailable'),
        default: responseRef('Problem'),
      },
    },
  },
});
