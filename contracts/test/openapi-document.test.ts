import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as examples from '../examples/payloads';
import { ajvWithGeneratedSchemas, type Json, readGenerated, refsIn, resolvePointer } from './support/generated-files';
import { validateOpenApi } from './support/openapi-validator';

const doc = readGenerated('openapi.json');
const PORTS = { order: 3001, catalog: 3002, payments: 3003, notifications: 3004 };

// Which operations exist, and which service serves each, is checked against the routers the
// services actually mount (openapi-surface.test.ts), not against a list kept here by hand.
/** Served by every service from the runtime: the probes, metrics, and the operators' dead letters. */
const ON_EVERY_SERVICE = [
  '/healthz',
  '/readyz',
  '/metrics',
  '/api/v1/internal/dead-letters',
  '/api/v1/internal/dead-letters/{id}',
  '/api/v1/internal/dead-letters/{id}/replay',
];

const deref = (node: Json): Json => (node.$ref ? (resolvePointer(doc, node.$ref) as Json) : node);
const operations = Object.entries(doc.paths as Json).flatMap(([path, item]) =>
  Object.entries(item as Json)
    .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
    .map(([method, op]) => ({ path, method, op: op as Json, servers: (item as Json).servers as Json[] | undefined })),
);
const operation = (method: string, path: string) => doc.paths[path][method] as Json;

describe('the OpenAPI document', () => {
  test('is OpenAPI 3.1 and valid according to @seriousme/openapi-schema-validator', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(validateOpenApi(doc)).toEqual({ valid: true });
  });

  test('would be reported invalid if it were malformed (the validator is not a rubber stamp)', () => {
    const broken = structuredClone(doc);
    delete broken.paths['/healthz'].get.responses['200'].description;
    expect(validateOpenApi(broken).valid).toBe(false);
  });

  test("puts every path on one service's server, except what every service serves", () => {
    const everyService = Object.values(PORTS).map((port) => `http://localhost:${port}`);
    expect(doc.servers.map((s: Json) => s.url)).toEqual(everyService);
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      const urls = ((item as Json).servers ?? doc.servers).map((s: Json) => s.url);
      if (ON_EVERY_SERVICE.includes(path)) expect({ path, urls }).toEqual({ path, urls: everyService });
      else
        expect({ path, servers: urls.length, known: everyService.includes(urls[0]) }).toEqual({
          path,
          servers: 1,
          known: true,
        });
    }
  });

  test('references only things it defines', () => {
    const dangling = refsIn(doc).filter(({ ref }) => resolvePointer(doc, ref) === undefined);
    expect(dangling).toEqual([]);
  });

  test('answers every error as application/problem+json referencing the Problem schema', () => {
    const extendsProblem = (name: string) =>
      name === 'Problem' || doc.components.schemas[name]?.allOf?.[0]?.$ref === '#/components/schemas/Problem';
    for (const { path, method, op } of operations) {
      for (const [status, response] of Object.entries(op.responses as Json)) {
        if (status !== 'default' && Number(status) < 400) continue;
        const at = `${method} ${path} ${status}`;
        const content = deref(response as Json).content;
        expect({ at, types: Object.keys(content) }).toEqual({ at, types: ['application/problem+json'] });
        const schema = content['application/problem+json'].schema;
        const names: string[] = (schema.anyOf ?? [schema]).map((s: Json) =>
          s.$ref.replace('#/components/schemas/', ''),
        );
        expect({ at, allExtendProblem: names.every(extendsProblem) }).toEqual({ at, allExtendProblem: true });
      }
    }
    expect(doc.components.schemas.Problem.required).toEqual(['type', 'title', 'status', 'detail', 'code']);
  });

  test('sends Retry-After with every 503 of the APIs (readiness probes excepted)', () => {
    const unavailable = operations.filter(({ op, path }) => op.responses['503'] && path !== '/readyz');
    expect(unavailable.map((o) => o.path).sort()).toEqual([
      '/api/v1/internal/payments/checkout-callback',
      '/api/v1/internal/payments/create-intent',
      '/api/v1/internal/payments/gateway-check',
      '/api/v1/orders/checkout',
      '/api/v1/orders/{orderId}/payment',
      '/api/v1/webhooks/razorpay',
    ]);
    for (const { op } of unavailable) {
      const header = deref(deref(op.responses['503']).headers['Retry-After']);
      expect(header).toMatchObject({ required: true, schema: { type: 'integer', minimum: 1 } });
    }
  });

  test('describes checkout: customer bearer token, optional Idempotency-Key, 200/400/401/409/503 bodies', () => {
    const checkout = operation('post', '/api/v1/orders/checkout');
    expect(checkout.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(checkout.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
    );
    expect(checkout.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CheckoutRequest',
    });
    expect(checkout.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CheckoutResponse',
    });
    expect(deref(checkout.responses['400']).content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/ValidationProblem',
    });
    expect(deref(checkout.responses['401']).content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/UnauthorizedProblem',
    });
    expect(checkout.responses['409'].content['application/problem+json'].schema.anyOf).toContainEqual({
      $ref: '#/components/schemas/OutOfStockProblem',
    });
    expect(checkout.responses['503'].content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/ServiceUnavailableProblem',
    });
  });

  test('protects the order routes with a bearer token, the internal ones with the service credential, and leaves the public ones open', () => {
    for (const { method, path, op } of operations) {
      const bearerRoute =
        path.startsWith('/api/v1/orders') || path.startsWith('/api/v1/vendor/') || path === '/api/v1/cart';
      const expected = bearerRoute
        ? [{ bearerAuth: [] }]
        : path.startsWith('/api/v1/internal/')
          ? [{ serviceToken: [] }]
          : [];
      expect({ route: `${method} ${path}`, security: op.security }).toEqual({
        route: `${method} ${path}`,
        security: expected,
      });
      if (path.startsWith('/api/v1/internal/'))
        expect(deref(op.responses['401']).content['application/problem+json'].schema).toEqual({
          $ref: '#/components/schemas/UnauthorizedProblem',
        });
    }
    expect(doc.components.securitySchemes.serviceToken).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'dapr-api-token',
    });
  });

  test('says when a checkout answer is a replay (Idempotent-Replayed)', () => {
    expect(operation('post', '/api/v1/orders/checkout').responses['200'].headers['Idempotent-Replayed']).toMatchObject({
      required: false,
      schema: { type: 'string', enum: ['true'] },
    });
  });

  test('documents the Razorpay webhook as received: raw event body, signature and event id headers', () => {
    const webhook = operation('post', '/api/v1/webhooks/razorpay');
    expect(webhook.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/RazorpayWebhookEvent',
    });
    expect(webhook.parameters.map((p: Json) => [p.in, p.name, p.required])).toEqual([
      ['header', 'X-Razorpay-Signature', true],
      ['header', 'X-Razorpay-Event-Id', true],
    ]);
  });

  test('uses the same schema definitions as the json-schema files (only $refs differ)', () => {
    const inline = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(inline);
      if (node === null || typeof node !== 'object') return node;
      const { $ref, ...rest } = node as Json;
      if (typeof $ref === 'string')
        return { ...(inline(resolvePointer(doc, $ref)) as Json), ...(inline(rest) as Json) };
      return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, inline(v)]));
    };
    const components = Object.entries(doc.components.schemas as Json).filter(([, schema]) => !schema.allOf);
    expect(components.length).toBeGreaterThan(20);
    for (const [name, schema] of components) {
      const { $schema: _dialect, $id: _id, title: _title, ...file } = readGenerated(`json-schema/${name}.json`);
      expect({ name, schema: inline(schema) }).toEqual({ name, schema: file });
    }
  });

  describe('writes each per-status problem as Problem plus what it narrows, which accepts what its json-schema file accepts', () => {
    const { ajv, idOf } = ajvWithGeneratedSchemas();
    // The whole document as one schema resource (not strict: most of it is not JSON Schema).
    const openApiAjv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(openApiAjv);
    openApiAjv.addSchema({ ...structuredClone(doc), $id: 'openapi.json' });
    const without = (body: Json, key: string) => Object.fromEntries(Object.entries(body).filter(([k]) => k !== key));
    const cases: Array<[string, string, Json, boolean]> = [
      ['an out-of-stock problem', 'OutOfStockProblem', examples.outOfStockProblem, true],
      [
        'an out-of-stock problem with status 400',
        'OutOfStockProblem',
        { ...examples.outOfStockProblem, status: 400 },
        false,
      ],
      [
        'an out-of-stock problem without unavailableItems',
        'OutOfStockProblem',
        without(examples.outOfStockProblem, 'unavailableItems'),
        false,
      ],
      ['a validation problem', 'ValidationProblem', examples.validationProblem, true],
      [
        'a validation problem without detail',
        'ValidationProblem',
        without(examples.validationProblem, 'detail'),
        false,
      ],
      ['a 503 problem', 'ServiceUnavailableProblem', examples.paymentGatewayUnavailableProblem, true],
      [
        'a 503 problem with a fractional retryAfterSeconds',
        'ServiceUnavailableProblem',
        { ...examples.paymentGatewayUnavailableProblem, retryAfterSeconds: 0.5 },
        false,
      ],
    ];
    test.each(cases)('%s', (_label, name, body, valid) => {
      expect(doc.components.schemas[name].allOf[0]).toEqual({ $ref: '#/components/schemas/Problem' });
      const inOpenApi = openApiAjv.compile({ $ref: `openapi.json#/components/schemas/${name}` });
      const inFile = ajv.getSchema(idOf(name))!;
      expect({ openapi: inOpenApi(body), file: inFile(body) }).toEqual({ openapi: valid, file: valid });
    });
  });
});
