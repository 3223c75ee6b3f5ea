import * as examples from '../../../examples/payloads';
import { jsonRequestBody, jsonResponse, problemResponse, responseRef, serviceToken } from './responses';
import { servicePaths } from './services';

const internal =
  'Internal: called by the order service through service invocation (Dapr app id `catalog`); not exposed at the edge.';

export const catalogPaths = servicePaths('catalog', {
  '/api/v1/products': {
    get: {
      operationId: 'listProducts',
      summary: 'List the products on sale',
      description: 'Public. Prices are integer paise; availableQuantity is stock not held by unpaid checkouts.',
      security: [],
      responses: {
        '200': jsonResponse('ProductList', 'The active products, by vendor and name'),
        default: responseRef('Problem'),
      },
    },
  },
  '/api/v1/internal/products/check-availability': {
    post: {
      operationId: 'checkAvailability',
      summary: 'Price items and, with orderReference, hold their stock',
      description: `${internal} Holds are released when they expire, are released, or the order is placed.`,
      security: serviceToken,
      'x-internal': true,
      requestBody: jsonRequestBody('CheckAvailabilityRequest', 'The items to price (and hold)'),
      responses: {
        '200': jsonResponse('AvailabilityResponse', 'Every item is available: priced lines, total and the hold'),
        '400': responseRef('BadRequest'),
        '401': responseRef('ServiceUnauthorized'),
        '409': problemResponse(
          'Some items are short (OUT_OF_STOCK, with unavailableItems), or the hold is already closed (HOLD_CLOSED)',
          ['OutOfStockProblem', 'ConflictProblem'],
          {
            examples: { outOfStock: { summary: 'Not enough mangoes', value: examples.outOfStockProblem } },
          },
        ),
        '413': responseRef('PayloadTooLarge'),
        '422': problemResponse(
          'The cart spans vendors and requireSingleVendor was set (MULTIPLE_VENDORS)',
          'UnprocessableProblem',
        ),
        default: responseRef('Problem'),
      },
    },
  },
  '/api/v1/internal/holds/release': {
    post: {
      operationId: 'releaseHold',
      summary: "Give a hold's stock back",
      description: `${internal} Idempotent: releasing a closed or unknown hold answers its current status.`,
      security: serviceToken,
      'x-internal': true,
      requestBody: jsonRequestBody('ReleaseHoldRequest', 'Which hold, and why'),
      responses: {
        '200': jsonResponse('ReleaseHoldResponse', "The hold's status after the call"),
        '400': responseRef('BadRequest'),
        '401': responseRef('ServiceUnauthorized'),
        '413': responseRef('PayloadTooLarge'),
        default: responseRef('Problem'),
      },
    },
  },
  '/api/v1/internal/holds/commit': {
    post: {
      operationId: 'commitSale',
      summary: "Sell what an order's hold holds: the order is paid (saga step 13)",
      description:
        `${internal} Idempotent: a sold hold answers SOLD again. A hold that lapsed before the payment landed is sold from free stock; ` +
        'when that is short, nothing changes (409 OUT_OF_STOCK with unavailableItems) and the order is cancelled and refunded.',
      security: serviceToken,
      'x-internal': true,
      requestBody: jsonRequestBody('CommitSaleRequest', 'Whose hold'),
      responses: {
        '200': jsonResponse('CommitSaleResponse', 'Sold'),
        '400': responseRef('BadRequest'),
        '401': responseRef('ServiceUnauthorized'),
        '404': problemResponse('No hold for this orderReference (NOT_FOUND)', 'NotFoundProblem'),
        '409': problemResponse(
          'The hold lapsed and the stock is gone (OUT_OF_STOCK, with unavailableItems); nothing changed',
          'OutOfStockProblem',
        ),
        '413': responseRef('PayloadTooLarge'),
        default: responseRef('Problem'),
      },
    },
  },
});
