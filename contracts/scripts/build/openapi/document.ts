// OpenAPI 3.1 for the HTTP APIs of the four services, in one document: each service's paths
// carry that service's server (its default port); /healthz, /readyz and /metrics are on all four.
// Schemas are zod's own JSON Schema output (2020-12, the OpenAPI 3.1 dialect), so they are the
// same definitions as json-schema/*.json, only with $refs between the named ones (and the
// per-status problems written as refinements of Problem).
import { componentSchemas } from '../json-schema';
import { schemasOn } from '../named-schemas';
import { cartPaths } from './cart-paths';
import { catalogPaths } from './catalog-paths';
import { asProblemRefinements } from './problem-refinements';
import { healthPaths } from './health-paths';
import { deadLetterPaths, refundsAdminPaths } from './operator-paths';
import { orderPaths } from './order-paths';
import { paymentsPaths } from './payments-paths';
import { orderPaymentCallbackPaths, paymentsCallbackPaths } from './payment-callback-paths';
import { vendorAnswerPaths } from './vendor-answer-paths';
import { securitySchemes, sharedHeaders, sharedResponses } from './responses';
import { SERVICE_NAMES, SERVICES, serverOf } from './services';

const REF_PREFIX = '#/components/schemas/';

export function buildOpenApi(version: string): Record<string, unknown> {
  return {
    openapi: '3.1.1',
    info: {
      title: 'Prepaid checkout saga: HTTP APIs',
      version,
      description:
        'The HTTP surface of the order, catalog, payments and notifications services (SEQ-BP-002, prepaid checkout). ' +
        'Money is integer paise (INR). Every error is application/problem+json with type, title, status, detail and a stable code. ' +
        'Request bodies over 1 MiB are refused with 413. Events and the vendor WebSocket are described in asyncapi.json. ' +
        'Generated from contracts/src by contracts/scripts/generate.ts: do not edit by hand.',
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: SERVICE_NAMES.map(serverOf),
    tags: [
      ...SERVICE_NAMES.filter((name) => name !== 'notifications').map((name) => ({
        name,
        description: SERVICES[name].description,
      })),
      { name: 'health', description: 'Served by every service' },
      { name: 'operators', description: 'Internal routes for operators, served by every service (dead letters)' },
    ],
    paths: {
      ...catalogPaths,
      ...paymentsPaths,
      ...paymentsCallbackPaths,
      ...orderPaths,
      ...vendorAnswerPaths,
      ...orderPaymentCallbackPaths,
      ...cartPaths,
      ...refundsAdminPaths,
      ...deadLetterPaths,
      ...healthPaths,
    },
    components: {
      schemas: asProblemRefinements(componentSchemas(schemasOn('http'), 'draft-2020-12', REF_PREFIX), REF_PREFIX),
      responses: sharedResponses,
      headers: sharedHeaders,
      securitySchemes,
    },
  };
}
