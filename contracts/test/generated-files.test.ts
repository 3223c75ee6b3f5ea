import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { canonicalJson } from '../scripts/build/canonical-json';
import { generateDocuments } from '../scripts/build/documents';
import { NAMED_SCHEMAS } from '../scripts/build/named-schemas';
import { staleFiles, writeDocuments } from '../scripts/generate';
import { jsonSchemaFiles, readGenerated } from './support/generated-files';

describe('the generated contracts', () => {
  const generated = generateDocuments();

  test('checked in under contracts/generated are up to date with contracts/src (else run `npm run contracts:generate`)', () => {
    expect(staleFiles(generated)).toEqual([]);
  });

  test('are generated deterministically: two runs give the same bytes', () => {
    expect([...generateDocuments()]).toEqual([...generated]);
  });

  test('are pretty JSON ending with exactly one newline', () => {
    for (const [file, content] of generated) {
      expect({ file, endsWithOneNewline: /[^\n]\n$/.test(content) }).toEqual({ file, endsWithOneNewline: true });
      expect(canonicalJson(JSON.parse(content))).toBe(content);
    }
  });

  test('include one JSON Schema 2020-12 per named contract, with its name as title and a $id', () => {
    expect(jsonSchemaFiles()).toEqual(NAMED_SCHEMAS.map((s) => `${s.name}.json`).sort());
    for (const { name } of NAMED_SCHEMAS) {
      const schema = readGenerated(`json-schema/${name}.json`);
      expect(schema).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `https://contracts.checkout-saga.dev/json-schema/${name}.json`,
        title: name,
      });
    }
  });

  test('cover every request, response, event and frame body the surface names', () => {
    const names = NAMED_SCHEMAS.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'CheckoutRequest',
        'CheckoutResponse',
        'Order',
        'OrderTimeline',
        'ProductList',
        'CheckAvailabilityRequest',
        'AvailabilityResponse',
        'ReleaseHoldRequest',
        'ReleaseHoldResponse',
        'CreateIntentRequest',
        'PaymentIntent',
        'RazorpayWebhookEvent',
        'Problem',
        'ValidationProblem',
        'UnauthorizedProblem',
        'ForbiddenProblem',
        'NotFoundProblem',
        'ConflictProblem',
        'OutOfStockProblem',
        'PayloadTooLargeProblem',
        'UnprocessableProblem',
        'ServiceUnavailableProblem',
        'PaymentConfirmed',
        'PaymentFailed',
        'OrderPlaced',
        'OrderPlacedCloudEvent',
        'NewOrderFrame',
        'AckFrame',
      ]),
    );
  });
});

describe('the staleness check', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'contracts-generated-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('lists a file edited by hand, a missing file and a file no contract generates any more', () => {
    const expected = new Map([
      ['openapi.json', '{"a": 1}\n'],
      ['json-schema/Kept.json', '{}\n'],
      ['json-schema/Missing.json', '{}\n'],
    ]);
    writeDocuments(expected, dir);
    expect(staleFiles(expected, dir)).toEqual([]);

    writeFileSync(path.join(dir, 'openapi.json'), '{"a": 2}\n');
    rmSync(path.join(dir, 'json-schema/Missing.json'));
    writeFileSync(path.join(dir, 'json-schema/Renamed.json'), '{}\n');
    expect(staleFiles(expected, dir)).toEqual(['json-schema/Missing.json', 'json-schema/Renamed.json', 'openapi.json']);

    expect(writeDocuments(expected, dir)).toEqual({ written: 2, removed: 1 });
    expect(staleFiles(expected, dir)).toEqual([]);
    expect(readFileSync(path.join(dir, 'openapi.json'), 'utf8')).toBe('{"a": 1}\n');
  });
});

describe('canonical JSON', () => {
  test("sorts keys, except a schema's properties (declaration order) and literal data such as examples", () => {
    const text = canonicalJson({
      type: 'object',
      required: ['b', 'a'],
      properties: { b: { type: 'string', description: 'B' }, a: { type: 'integer' } },
      examples: [{ b: 'x', a: 1 }],
      $schema: 'https://json-schema.org/draft/2020-12/schema',
    });
    expect(text).toBe(
      [
        '{',
        '  "$schema": "https://json-schema.org/draft/2020-12/schema",',
        '  "type": "object",',
        '  "properties": {',
        '    "b": {',
        '      "description": "B",',
        '      "type": "string"',
        '    },',
        '    "a": {',
        '      "type": "integer"',
        '    }',
        '  },',
        '  "required": [',
        '    "b",',
        '    "a"',
        '  ],',
        '  "examples": [',
        '    {',
        '      "b": "x",',
        '      "a": 1',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });
});
