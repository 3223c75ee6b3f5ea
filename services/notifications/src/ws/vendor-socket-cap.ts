// At most `max` open sockets per vendor on this replica: one token once opened 2,000. A slot is
// taken once the upgrade is authenticated, before the socket is upgraded, and given back when the
// underlying connection closes, however it closes (an upgrade that fails included), so concurrent
// upgrades cannot overshoot and nothing leaks. Per replica: sockets live in a replica's memory.
import type { Duplex } from 'node:stream';

export interface VendorSocketCap {
  readonly max: number;
  /** Takes a slot for this connection until it closes; false when the vendor is at the cap. */
  admit(vendorId: string, connection: Duplex): boolean;
}

export function vendorSocketCap(max: number): VendorSocketCap {
  const open = new Map<string, number>();
  return {
    max,
    admit(vendorId, connection) {
      const count = open.get(vendorId) ?? 0;
      if (count >= max) return false;
      open.set(vendorId, count + 1);
      connection.once('close', () => {
        const left = (open.get(vendorId) ?? 1) - 1;
        if (left > 0) open.set(vendorId, left);
        else open.delete(vendorId);
      });
      return true;
    },
  };
}
