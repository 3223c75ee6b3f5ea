// A service in another language validates bodies with the generated JSON Schemas only. These
// tests do the same (ajv, JSON Schema 2020-12, formats on), from the files on disk, then check
// that the TypeScript contracts draw the same line between valid and invalid.
import type { z } from 'zod';
import * as examples from '../examples/payloads';
import * as C from '../src';
import { ajvWithGeneratedSchemas } from './support/generated-files';

const { ajv, idOf } = ajvWithGeneratedSchemas();

function validate(schemaName: string, body: unknown) {
  const check = ajv.getSchema(idOf(schemaName))!;
  const valid = check(body) as boolean;
  return {
    valid,
    errors: (check.errors ?? []).map((e) => ({ at: e.instancePath, keyword: e.keyword, message: e.message })),
  };
}

const clone = <T>(value: T): T => structuredClone(value);

const validBodies: Array<[string, string, unknown]> = [
  ['a checkout request', 'CheckoutRequest', examples.checkoutRequest],
  ['a checkout response', 'CheckoutResponse', examples.checkoutResponse],
  ['an OrderPlaced event', 'OrderPlaced', examples.orderPlaced],
  ['a PaymentConfirmed event', 'PaymentConfirmed', examples.paymentConfirmed],
  ['a PaymentFailed event', 'PaymentFailed', examples.paymentFailed],
  ['a PaymentRefunded event', 'PaymentRefunded', examples.paymentRefunded],
  ['a PaymentIntentVoided event', 'PaymentIntentVoided', examples.paymentIntentVoided],
  ['an OrderExpired event', 'OrderExpired', examples.orderExpired],
  ['an OrderCancelled event', 'OrderCancelled', examples.orderCancelled],
  ['a RefundRequested event', 'RefundRequested', examples.refundRequested],
  ['an OrderPlaced event as the CloudEvent Dapr delivers', 'OrderPlacedCloudEvent', examples.orderPlacedCloudEvent],
  [
    'a PaymentConfirmed event as the CloudEvent Dapr delivers',
    'PaymentConfirmedCloudEvent',
    examples.paymentConfirmedCloudEvent,
  ],
  ['a 409 out-of-stock problem', 'OutOfStockProblem', examples.outOfStockProblem],
  ['a 400 validation problem', 'ValidationProblem', examples.validationProblem],
  ['a 503 payment gateway problem', 'ServiceUnavailableProblem', examples.paymentGatewayUnavailableProblem],
  ['a new_order frame', 'NewOrderFrame', examples.newOrderFrame],
  ['an ack frame', 'AckFrame', examples.ackFrame],
  ['a new_order frame, read as any server frame', 'VendorServerFrame', examples.newOrderFrame],
  ['an error frame, read as any server frame', 'VendorServerFrame', examples.socketErrorFrame],
  ['a ping frame, read as any client frame', 'VendorClientFrame', examples.pingFrame],
  ['a Razorpay payment.captured webhook', 'RazorpayWebhookEvent', examples.razorpayPaymentCaptured],
];

const invalidBodies: Array<[string, string, unknown, { at: string; keyword: string }]> = [
  [
    'a checkout request with a fractional quantity',
    'CheckoutRequest',
    { cartItems: [{ productId: 'dosa-masala', quantity: 1.5 }] },
    { at: '/cartItems/0/quantity', keyword: 'type' },
  ],
  [
    'a checkout request with an empty cart',
    'CheckoutRequest',
    { cartItems: [] },
    { at: '/cartItems', keyword: 'minItems' },
  ],
  [
    'a PaymentConfirmed event with a negative amount',
    'PaymentConfirmed',
    { ...clone(examples.paymentConfirmed), payload: { ...clone(examples.paymentConfirmed.payload), amount: -100 } },
    { at: '/payload/amount', keyword: 'minimum' },
  ],
  [
    'a checkout response with an amount in rupees (fractional)',
    'CheckoutResponse',
    { ...clone(examples.checkoutResponse), amount: 280.5 },
    { at: '/amount', keyword: 'type' },
  ],
  [
    'an OrderPlaced event without eventId',
    'OrderPlaced',
    (({ eventId: _dropped, ...rest }) => rest)(clone(examples.orderPlaced)),
    { at: '', keyword: 'required' },
  ],
  [
    'an OrderPlaced event whose eventId is not a UUID',
    'OrderPlaced',
    { ...clone(examples.orderPlaced), eventId: 'evt-1' },
    { at: '/eventId', keyword: 'format' },
  ],
  [
    'a PaymentConfirmed event in another currency',
    'PaymentConfirmed',
    { ...clone(examples.paymentConfirmed), payload: { ...examples.paymentConfirmed.payload, currency: 'USD' } },
    { at: '/payload/currency', keyword: 'const' },
  ],
  [
    'a 409 problem without unavailableItems',
    'OutOfStockProblem',
    (({ unavailableItems: _dropped, ...rest }) => rest)(clone(examples.outOfStockProblem)),
    { at: '', keyword: 'required' },
  ],
  [
    'a new_order frame without its notification id',
    'NewOrderFrame',
    (({ id: _dropped, ...rest }) => rest)(clone(examples.newOrderFrame)),
    { at: '', keyword: 'required' },
  ],
  [
    'an ack frame with another event name',
    'AckFrame',
    { event: 'acknowledge', id: examples.ackFrame.id },
    { at: '/event', keyword: 'const' },
  ],
  [
    'a client frame that is neither ack nor ping',
    'VendorClientFrame',
    { event: 'subscribe', id: examples.ackFrame.id },
    { at: '', keyword: 'oneOf' },
  ],
];

/** The zod schema exported under the same name as the generated file. */
const zodSchema = (name: string) => (C as unknown as Record<string, z.ZodType>)[name]!;

describe('a consumer validating with the generated JSON Schemas', () => {
  test.each(validBodies)('accepts %s', (_label, schemaName, body) => {
    expect(validate(schemaName, body)).toEqual({ valid: true, errors: [] });
  });

  test.each(invalidBodies)('rejects %s', (_label, schemaName, body, expectedError) => {
    const result = validate(schemaName, body);
    expect(result.valid).toBe(false);
    expect(result.errors).toContainEqual(expect.objectContaining(expectedError));
  });

  test('accepts unknown fields, so a producer may add optional fields without breaking older consumers', () => {
    const newer = clone(examples.orderPlaced) as typeof examples.orderPlaced & {
      eventVersion: number;
      payload: Record<string, unknown>;
    };
    newer.eventVersion = 2;
    newer.payload.deliverySlot = '2025-11-25T14:00:00Z';
    expect(validate('OrderPlaced', newer)).toEqual({ valid: true, errors: [] });
    expect(validate('NewOrderFrame', { ...clone(examples.newOrderFrame), sentAt: '2025-11-25T13:32:11Z' }).valid).toBe(
      true,
    );
  });

  test('reads any saga event through the generic envelope, whatever its type', () => {
    for (const event of [
      examples.orderPlaced,
      examples.paymentConfirmed,
      examples.paymentFailed,
      examples.paymentRefunded,
      examples.orderExpired,
      examples.orderCancelled,
      examples.refundRequested,
    ]) {
      expect(validate('AnyEvent', event)).toEqual({ valid: true, errors: [] });
      expect(
        validate('CloudEventMessage', { ...examples.orderPlacedCloudEvent, type: event.eventType, data: event }).valid,
      ).toBe(true);
    }
  });

  test("refuses an event under another event's schema (eventType is a constant)", () => {
    expect(validate('PaymentConfirmed', examples.orderPlaced).errors).toContainEqual(
      expect.objectContaining({ at: '/eventType', keyword: 'const' }),
    );
  });
});

describe('the TypeScript contracts and the generated JSON Schemas', () => {
  test.each(validBodies)('both accept %s', (_label, schemaName, body) => {
    expect(zodSchema(schemaName).safeParse(body).error?.issues).toBeUndefined();
  });

  test.each(invalidBodies)('both reject %s', (_label, schemaName, body) => {
    expect(zodSchema(schemaName).safeParse(body).success).toBe(false);
  });
});
