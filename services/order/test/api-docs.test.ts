// The order service serves the OpenAPI document it was built with: GET /api/docs (a page listing
// every operation) and GET /api/docs/openapi.json (contracts/generated/openapi.json, byte for byte).
import { readFileSync } from 'node:fs';
import { type SingleService, startSingleService } from '../../../tests/support/single-service';
import { orderService } from '../src';
import { OPENAPI_PATH } from '../src/docs/api-docs.route';

describe('GET /api/docs', () => {
  let order: SingleService;
  beforeAll(async () => {
    order = await startSingleService(orderService);
  });
  afterAll(() => order.stop());

  it('serves the generated OpenAPI document, unchanged, without a token', async () => {
    const res = await fetch(`${order.url}/api/docs/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const text = await res.text();
    expect(text).toBe(readFileSync(OPENAPI_PATH, 'utf8'));
    const doc = JSON.parse(text);
    expect(doc.openapi).toBe('3.1.1');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/orders/checkout',
        '/api/v1/cart',
        '/api/v1/orders/{orderId}/accept',
        '/api/v1/orders/{orderId}/payment',
      ]),
    );
  });

  it('serves a page listing every operation, linking to the document', async () => {
    const res = await fetch(`${order.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('href="/api/docs/openapi.json"');
    const doc = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'));
    for (const path of Object.keys(doc.paths)) expect(html).toContain(`<code>${path}</code>`);
    expect(html).toContain('<code>PUT</code>');
  });
});
