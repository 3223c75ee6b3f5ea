// The frames the socket accepts are the contract's, and the contract says what the server issues:
// notification ids are uuids (the notifications table's key), so an ack names a uuid; anything
// else is refused (BAD_FRAME) by the server and by the contract alike.
import { randomUUID } from 'node:crypto';
import { AckFrame, NewOrderFrame, OrderStatusFrame, VendorClientFrame } from '@saga/contracts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseClientFrame } from '../src/ws/client-frames';

const frames: Array<[string, unknown]> = [
  ['an ack of a uuid', { event: 'ack', id: randomUUID() }],
  ['an ack of an upper-case uuid', { event: 'ack', id: randomUUID().toUpperCase() }],
  ['an ack of any other string', { event: 'ack', id: 'notification-1' }],
  ['an ack of an empty id', { event: 'ack', id: '' }],
  ['an ack of a number', { event: 'ack', id: 7 }],
  ['an ack without id', { event: 'ack' }],
  ['an ack with an extra field', { event: 'ack', id: randomUUID(), at: 'now' }],
  ['a ping', { event: 'ping' }],
  ['an unknown event', { event: 'subscribe' }],
];

describe('client frames: the server accepts exactly what the contract accepts', () => {
  test.each(frames)('%s', (_label, frame) => {
    const server = 'frame' in parseClientFrame(Buffer.from(JSON.stringify(frame)), false);
    expect({ server }).toEqual({ server: VendorClientFrame.safeParse(frame).success });
  });

  test('an ack of anything but a uuid is refused', () => {
    expect(parseClientFrame(Buffer.from(JSON.stringify({ event: 'ack', id: 'notification-1' })), false)).toEqual({
      error: expect.any(String),
    });
    expect(AckFrame.safeParse({ event: 'ack', id: 'notification-1' }).success).toBe(false);
  });

  test('the ids the server sends are uuids in the contract too, and in the generated JSON Schema', () => {
    for (const schema of [NewOrderFrame, OrderStatusFrame])
      expect(schema.shape.id.safeParse('notification-1').success).toBe(false);
    const generated = JSON.parse(
      readFileSync(path.join(__dirname, '../../../contracts/generated/json-schema/AckFrame.json'), 'utf8'),
    );
    expect(generated.properties.id).toMatchObject({ type: 'string', format: 'uuid' });
  });
});
