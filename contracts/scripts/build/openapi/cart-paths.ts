// The customer's cart (state store, ETags) and the served API documentation. Served by the order service.
import * as examples from '../../../examples/payloads';
import { bearer, jsonRequestBody, jsonResponse, problemResponse, responseRef } from './responses';
import { servicePaths } from './services';

const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description:
    'The ETag of the cart this write is based on (quoted as the ETag header gives it, or as the body\'s etag), or * for "the cart as it is, if any". ' +
    'A version that is no longer current (another tab wrote meanwhile), or no cart at all, is 412 and changes nothing. Without If-Match the write wins.',
  schema: { type: 'string', minLength: 1, maxLength: 202 },
};
const etagHeader = {
  ETag: {
    description: "The cart's version (absent when no cart is stored); send it back in If-Match",
    schema: { type: 'string' },
  },
};
const stale = problemResponse(
  'If-Match is not the current version, or there is no cart (CART_CHANGED); nothing changed: GET, merge, retry',
  'PreconditionFailedProblem',
  {
    examples: { anotherTab: { summary: 'Another tab wrote first', value: examples.cartChangedProblem } },
  },
);
const cartAnswer = (description: string) => ({
  ...jsonResponse('Cart', description, { twoLines: { summary: 'A cart', value: examples.cart } }),
  headers: etagHeader,
});
const customerOnly =
  "Customer token (others 403): the customer's own cart, kept in the state store (Dapr state: Redis or PostgreSQL; memory in the embedded runtime).";

export const cartPaths = servicePaths('order', {
  '/api/v1/cart': {
    get: {
      operationId: 'getCart',
      summary: "The customer's cart",
      description: `${customerOnly} No cart stored reads as an empty one (etag null, no ETag header); so does a cart whose order has been placed.`,
      security: bearer,
      responses: {
        '200': cartAnswer('The cart, with its ETag'),
        '401': responseRef('Unauthorized'),
        '403': responseRef('Forbidden'),
        default: responseRef('Problem'),
      },
    },
    put: {
      operationId: 'putCart',
      summary: "Replace the customer's cart",
      description:
        `${customerOnly} Optimistic: with If-Match a stale version is 412 and nothing changes. Every write renews the TTL (CART_TTL_SECONDS). ` +
        'POST /api/v1/orders/checkout without cartItems checks this cart out; it is cleared once that order is placed (paid).',
      security: bearer,
      parameters: [ifMatch],
      requestBody: jsonRequestBody('PutCartRequest', 'The whole cart', {
        twoLines: { summary: 'Two lines', value: examples.putCartRequest },
      }),
      responses: {
        '200': cartAnswer('The cart as stored, with its new ETag'),
        '400': problemResponse(
          'A bad item, a product twice, over 50 lines, or a malformed If-Match (VALIDATION_FAILED, invalidParams names it)',
          'ValidationProblem',
        ),
        '401': responseRef('Unauthorized'),
        '403': responseRef('Forbidden'),
        '412': stale,
        '413': responseRef('PayloadTooLarge'),
        default: responseRef('Problem'),
      },
    },
    delete: {
      operationId: 'deleteCart',
      summary: "Empty the customer's cart",
      description: `${customerOnly} Idempotent: deleting no cart is 204 too. With If-Match, a stale version is 412 and nothing changes.`,
      security: bearer,
      parameters: [ifMatch],
      responses: {
        '204': { description: 'No cart is stored any more' },
        '400': problemResponse('A malformed If-Match (VALIDATION_FAILED)', 'ValidationProblem'),
        '401': responseRef('Unauthorized'),
        '403': responseRef('Forbidden'),
        '412': stale,
        default: responseRef('Problem'),
      },
    },
  },
  '/api/docs': {
    get: {
      operationId: 'apiDocs',
      summary: 'This document, as a page listing every operation',
      description: 'Public. HTML, linking to the document itself.',
      security: [],
      responses: { '200': { description: 'An HTML page', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  },
  '/api/docs/openapi.json': {
    get: {
      operationId: 'openApiDocument',
      summary: 'This OpenAPI 3.1 document',
      description: 'Public. contracts/generated/openapi.json as the order service was built with it.',
      security: [],
      responses: {
        '200': { description: 'The document', content: { 'application/json': { schema: { type: 'object' } } } },
      },
    },
  },
});
