// The operators' internal routes: refunds Razorpay refused (payments; `npm run refunds`) and the
// dead letters every service keeps (`npm run dlq`). Internal: the service credential, never a user token.
import { REFUND_STATUSES } from '../../../src';
import { jsonResponse, problemResponse, responseRef, serviceToken } from './responses';
import { servicePaths } from './services';

const operator = (cli: string) =>
  `Internal: for operators (\`${cli}\`, with the service credential) and services; not exposed at the edge.`;

const refundPaymentId = {
  name: 'paymentId',
  in: 'path',
  required: true,
  description: 'The Razorpay payment (pay_...) whose refund it is: one refund per payment',
  schema: { type: 'string', minLength: 1, maxLength: 128 },
};

export const refundsAdminPaths = servicePaths('payments', {
  '/api/v1/internal/refunds': {
    get: {
      operationId: 'listRefunds',
      summary: 'Refunds in a status (default FAILED: Razorpay refused them, a person must look)',
      description: `${operator('npm run refunds -- list')} Oldest request first, at most 500.`,
      security: serviceToken,
      'x-internal': true,
      parameters: [
        {
          name: 'status',
          in: 'query',
          required: false,
          description: 'Only refunds in this status, or all (default FAILED)',
          schema: { type: 'string', enum: [...REFUND_STATUSES, 'all'], default: 'FAILED' },
        },
      ],
      responses: {
        '200': jsonResponse('RefundList', 'The refunds'),
        '400': problemResponse('An unknown status (VALIDATION_FAILED)', 'ValidationProblem'),
        '401': responseRef('ServiceUnauthorized'),
        default: responseRef('Problem'),
      },
    },
  },
  '/api/v1/internal/refunds/{paymentId}/retry': {
    post: {
      operationId: 'retryRefund',
      summary: 'Try a FAILED refund again now',
      description:
        `${operator('npm run refunds -- retry')} The refund becomes REQUESTED again and is attempted at once under the same idempotency key, ` +
        'asking Razorpay first whether it holds the refund: retrying twice, or from two terminals at once, refunds once. A refund that is not FAILED is not reopened.',
      security: serviceToken,
      'x-internal': true,
      parameters: [refundPaymentId],
      responses: {
        '200': jsonResponse('RefundRetryResult', 'The refund after the attempt; done when refund.status is PROCESSED'),
        '400': responseRef('BadRequest'),
        '401': responseRef('ServiceUnauthorized'),
        '404': problemResponse('No refund for this payment (NOT_FOUND)', 'NotFoundProblem'),
        default: responseRef('Problem'),
      },
    },
  },
});

const deadLetterId = {
  name: 'id',
  in: 'path',
  required: true,
  description: "The dead letter's id, as listed",
  schema: { type: 'string', pattern: '^\\d+$' },
};
const noSuchDeadLetter = problemResponse(
  'No such dead letter on this service, or (replay) the service no longer subscribes to its topic (NOT_FOUND)',
  'NotFoundProblem',
);

/** Every service keeps its own dead letters, so these paths use the document's servers (all four). */
export const deadLetterPaths = {
  '/api/v1/internal/dead-letters': {
    get: {
      operationId: 'listDeadLetters',
      summary: "This service's dead letters, newest first",
      description: `${operator('npm run dlq -- list')} At most 500.`,
      tags: ['operators'],
      security: serviceToken,
      'x-internal': true,
      responses: {
        '200': jsonResponse('DeadLetterList', 'The dead letters'),
        '401': responseRef('ServiceUnauthorized'),
        default: responseRef('Problem'),
      },
    },
  },
  '/api/v1/internal/dead-letters/{id}': {
    get: {
      operationId: 'getDeadLetter',
      summary: 'One dead letter, with its event',
      description: operator('npm run dlq -- show'),
      tags: ['operators'],
      security: serviceToken,
      'x-internal': true,
      parameters: [deadLetterId],
      responses: {
        '200': jsonResponse('DeadLetter', 'The dead letter'),
        '401': responseRef('ServiceUnauthorized'),
        '404': noSuchDeadLetter,
        default: responseRef('Problem'),
      },
    },
  },
  '/api/v1/internal/dead-letters/{id}/replay': {
    post: {
      operationId: 'replayDeadLetter',
      summary: "Run the subscription's handler on a dead letter again",
      description: `${operator('npm run dlq -- replay')} Handlers are idempotent (inbox), so a replay is safe; each is counted, with the last failure.`,
      tags: ['operators'],
      security: serviceToken,
      'x-internal': true,
      parameters: [deadLetterId],
      responses: {
        '200': jsonResponse('DeadLetterReplayResult', 'The handler took it (SUCCESS) or dropped it (DROP)'),
        '401': responseRef('ServiceUnauthorized'),
        '404': noSuchDeadLetter,
        '502': problemResponse(
          'The handler failed it again (UPSTREAM_FAILED); outcome says how, and lastReplayError keeps it',
          'Problem',
        ),
        default: responseRef('Problem'),
      },
    },
  },
};
