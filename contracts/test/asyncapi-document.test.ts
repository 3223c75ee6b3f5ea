import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import * as C from '../src';
import { type Json, readGenerated, refsIn, resolvePointer } from './support/generated-files';

const raw = readGenerated('asyncapi.json');
const parser = new Parser();
const ERROR = 0;
const WARNING = 1;

const seriousDiagnostics = (output: Awaited<ReturnType<Parser['parse']>>) =>
  output.diagnostics
    .filter((d) => d.severity === ERROR || d.severity === WARNING)
    .map((d) => ({ code: d.code, message: d.message, path: d.path.join('/') }));

describe('the AsyncAPI document', () => {
  let parsed: Awaited<ReturnType<Parser['parse']>>;
  beforeAll(async () => {
    parsed = await parser.parse(JSON.stringify(raw));
  }, 60_000);

  test('is AsyncAPI 3.0 and parses with @asyncapi/parser without errors or warnings', () => {
    expect(raw.asyncapi).toBe('3.0.0');
    expect(seriousDiagnostics(parsed)).toEqual([]);
    expect(parsed.document).toBeDefined();
  });

  test('would fail to parse if it were malformed (the parser is not a rubber stamp)', async () => {
    const broken = structuredClone(raw);
    broken.operations.orderPublishesOrderEvents.channel = { $ref: '#/channels/noSuchChannel' };
    const output = await parser.parse(JSON.stringify(broken));
    expect(output.diagnostics.some((d) => d.severity === ERROR)).toBe(true);
  }, 60_000);

  test('has the topics payment-events (PaymentConfirmed, PaymentFailed, ...) and order-events (OrderPlaced, ...), and the vendor socket /ws', () => {
    const channels = parsed.document!.channels();
    const byAddress = Object.fromEntries(
      channels.all().map((c) => [
        c.address(),
        c
          .messages()
          .all()
          .map((m) => m.name()),
      ]),
    );
    expect(Object.keys(byAddress).sort()).toEqual(['/ws', 'order-events', 'payment-events']);
    expect(byAddress['payment-events']).toEqual(expect.arrayContaining(['PaymentConfirmed', 'PaymentFailed']));
    expect(byAddress['order-events']).toEqual(expect.arrayContaining(['OrderPlaced']));
    expect(byAddress['/ws']).toEqual(expect.arrayContaining(['new_order', 'ack']));
  });

  test('has a message for every event the contracts define (an export X with an X + "Payload" companion)', () => {
    const eventNames = Object.keys(C).filter((name) => `${name}Payload` in C);
    expect(eventNames).toEqual(expect.arrayContaining(['PaymentConfirmed', 'PaymentFailed', 'OrderPlaced']));
    const messages = [
      ...Object.keys(raw.channels.paymentEvents.messages),
      ...Object.keys(raw.channels.orderEvents.messages),
    ];
    expect(messages.sort()).toEqual(eventNames.sort());
  });

  test('carries each event as a CloudEvent 1.0 whose data is the event envelope', () => {
    const names = [
      ...Object.keys(raw.channels.paymentEvents.messages),
      ...Object.keys(raw.channels.orderEvents.messages),
    ];
    for (const name of names) {
      const message = raw.components.messages[name];
      expect(message.contentType).toBe('application/cloudevents+json');
      const cloudEvent = resolvePointer(raw, message.payload.$ref) as Json;
      expect(cloudEvent.properties.specversion).toMatchObject({ const: '1.0' });
      expect(cloudEvent.properties.type).toMatchObject({ const: name });
      expect(cloudEvent.properties.data).toEqual({ $ref: `#/components/schemas/${name}` });
      const envelope = resolvePointer(raw, cloudEvent.properties.data.$ref) as Json;
      expect(Object.keys(envelope.properties)).toEqual([
        'eventId',
        'eventType',
        'eventVersion',
        'occurredAt',
        'payload',
      ]);
      expect(envelope.required).toEqual(['eventId', 'eventType', 'eventVersion', 'occurredAt', 'payload']);
      expect(envelope.properties.eventType).toMatchObject({ const: name });
    }
  });

  test('says who sends and who receives on each channel', () => {
    const channelAddress = (op: Json) => (resolvePointer(raw, op.channel.$ref) as Json).address;
    const summary = Object.values(raw.operations as Json).flatMap((op: Json) =>
      op.tags.map((t: Json) => `${t.name} ${op.action} ${channelAddress(op)}`),
    );
    expect(summary.sort()).toEqual(
      [
        'payments send payment-events',
        'order receive payment-events',
        'order send order-events',
        'catalog receive order-events',
        'notifications receive order-events',
        'payments receive order-events',
        'notifications send /ws',
        'notifications receive /ws',
      ].sort(),
    );
  });

  test('references only things it defines', () => {
    expect(refsIn(raw).filter(({ ref }) => resolvePointer(raw, ref) === undefined)).toEqual([]);
  });

  test('has message examples that its own payload schemas accept (JSON Schema draft-07)', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    // The whole document as one schema resource, so #/components/schemas/... refs resolve as they do in it.
    ajv.addSchema({ ...structuredClone(raw), $id: 'asyncapi.json' });
    for (const [name, message] of Object.entries(raw.components.messages as Json)) {
      const check = ajv.compile({ $ref: `asyncapi.json${message.payload.$ref}` });
      for (const example of message.examples) {
        expect({ name, example: example.name, valid: check(example.payload), errors: check.errors ?? null }).toEqual({
          name,
          example: example.name,
          valid: true,
          errors: null,
        });
      }
    }
  });
});
