// The vendor's answer (accept, reject) and the two order lists: a customer's own orders and a
// vendor's queue. Served by the order service.
import * as examples from '../../../examples/payloads';
import { DEFAULT_ORDER_PAGE_SIZE, MAX_ORDER_PAGE_SIZE, OrderStatus } from '../../../src';
import { inlineJsonSchema } from '../json-schema';
import { bearer, jsonRequestBody, jsonResponse, problemResponse, responseRef } from './responses';
import { servicePaths } from './services';

const orderIdParameter = {
  name: 'orderId',
  in: 'path',
  required: true,
  description: "The order's id",
  schema: { type: 'string', format: 'uuid' },
};

const answered = (verb: string) =>
  `Vendor token of the order's vendor only: a customer token is 403, another vendor's order (or no such order) 404. ` +
  `Idempotent: ${verb} an order ${verb === 'accepting' ? 'ACCEPTED' : 'REJECTED'} already changes nothing and answers the same 200.`;

const conflict = problemResponse(
  'The order is not waiting for its vendor (ORDER_STATE_CONFLICT, with orderStatus): unpaid, cancelled, expired, or answered the other way; nothing changed',
  'ConflictProblem',
  {
    examples: {
      answeredAlready: { summary: 'Rejecting an accepted order', value: examples.orderStateConflictProblem },
    },
  },
);

function listParameters(statusDescription: string) {
  return [
    {
      name: 'status',
      in: 'query',
      required: false,
      description: statusDescription,
      schema: inlineJsonSchema(OrderStatus),
    },
    {
      name: 'limit',
      in: 'query',
      required: false,
      description: `Orders per page (default ${DEFAULT_ORDER_PAGE_SIZE})`,
      schema: { type: 'integer', minimum: 1, maximum: MAX_ORDER_PAGE_SIZE, default: DEFAULT_ORDER_PAGE_SIZE },
    },
    {
      name: 'cursor',
      in: 'query',
      required: false,
      description: 'The `next` of the previous page (opaque)',
      schema: { type: 'string', minLength: 1, maxLength: 200 },
    },
  ];
}

const listResponses = {
  '200': jsonResponse('OrderList', 'A page of orders, newest first; `next` is absent on the last page'),
  '400': problemResponse(
    'A bad status, limit or cursor (VALIDATION_FAILED; invalidParams names it)',
    'ValidationProblem',
  ),
  '401': responseRef('Unauthorized'),
  '403': responseRef('Forbidden'),
  default: responseRef('Problem'),
};

export const vendorAnswerPaths = servicePaths('order', {
  '/api/v1/orders/{orderId}/accept': {
    post: {
      operationId: 'acceptOrder',
      summary: 'The vendor accepts a placed order',
      description: `${answered('accepting')} PENDING_VENDOR_ACCEPTANCE -> ACCEPTED, announced as OrderAccepted.`,
      security: bearer,
      parameters: [orderIdParameter],
      requestBody: {
        required: false,
        description: 'No fields; may be omitted',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/AcceptOrderRequest' } } },
      },
      responses: {
        '200': jsonResponse('Order', 'The order, ACCEPTED', {
          accepted: { summary: 'Accepted', value: examples.acceptedOrder },
        }),
        '400': responseRef('BadRequest'),
        '401': responseRef('Unauthorized'),
        '403': responseRef('Forbidden'),
        '404': responseRef('NotFound'),
        '409': conflict,
        default: responseRef('Problem'),
      },
    },
  },
  '/api/v1/orders/{orderId}/reject': {
    post: {
      operationId: 'rejectOrder',
      summary: 'The vendor rejects a placed order; it is refunded',
      description:
        `${answered('rejecting')} PENDING_VENDOR_ACCEPTANCE -> REJECTED with the reason as statusReason, announced as OrderRejected; ` +
        'the payment is refunded once (timeline: REJECTED, REFUND_REQUESTED, then REFUNDED). An order left unanswered for ' +
        'VENDOR_ACCEPTANCE_TIMEOUT_SECONDS is rejected the same way, by the service.',
      security: bearer,
      parameters: [orderIdParameter],
      requestBody: jsonRequestBody('RejectOrderRequest', 'Why', {
        kitchenClosed: { summary: 'A reason', value: examples.rejectOrderRequest },
      }),
      responses: {
        '200': jsonResponse('Order', 'The order, REJECTED'),
        '400': problemResponse(
          'No reason, a blank one, or one over 500 characters (VALIDATION_FAILED, invalidParams names reason)',
          'ValidationProblem',
        ),
        '401': responseRef('Unauthorized'),
        '403': responseRef('Forbidden'),
        '404': responseRef('NotFound'),
        '409': conflict,
        default: responseRef('Problem'),
      },
    },
  },
  '/api/v1/orders': {
    get: {
      operationId: 'listMyOrders',
      summary: "The customer's own orders, newest first",
      description: 'Customer token (others 403). Keyset pagination: pass `next` as `cursor` until it is absent.',
      security: bearer,
      parameters: listParameters('Only orders in this status (default: all)'),
      responses: listResponses,
    },
  },
  '/api/v1/vendor/orders': {
    get: {
      operationId: 'listVendorOrders',
      summary: "The vendor's orders: by default its queue of orders waiting for an answer",
      description:
        "Vendor token (others 403): the orders of the token's vendorId, newest first, with items, amount and times.",
      security: bearer,
      parameters: listParameters('Only orders in this status (default: PENDING_VENDOR_ACCEPTANCE, the queue)'),
      responses: listResponses,
    },
  },
});
