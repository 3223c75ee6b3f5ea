// The frames a vendor's client may send, and the small frames the server answers with. A frame
// that is not one of these gets an error frame; the socket stays open.
// What a client may send is the contract's VendorClientFrame (an ack names a uuid: the ids we issue).
import { VendorClientFrame } from '@saga/contracts';
import type { RawData } from 'ws';

export type ClientFrame = VendorClientFrame;

export type ReplyFrame =
  | { event: 'acked'; id: string }
  | { event: 'pong' }
  | { event: 'error'; code: 'BAD_FRAME' | 'UNKNOWN_NOTIFICATION' | 'TRY_AGAIN'; detail: string; id?: string };

const EXPECTED = 'expected {"event":"ack","id":"<notification id>"} or {"event":"ping"}';

export function parseClientFrame(data: RawData, isBinary: boolean): { frame: ClientFrame } | { error: string } {
  if (isBinary) return { error: `binary frames are not accepted; ${EXPECTED}` };
  const text = Array.isArray(data)
    ? Buffer.concat(data).toString('utf8')
    : Buffer.from(data as Buffer).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: `not JSON; ${EXPECTED}` };
  }
  const parsed = VendorClientFrame.safeParse(json);
  return parsed.success ? { frame: parsed.data } : { error: EXPECTED };
}
