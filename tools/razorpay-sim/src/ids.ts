import { randomBytes, randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Razorpay ids are a prefix plus 14 base62 characters, e.g. `order_EKwxwAgItmmXdp`. */
export function razorpayId(prefix: 'order' | 'pay' | 'rfnd' | 'evt' | 'acc'): string {
  // 62 does not divide 256: rejection sampling keeps every character equally likely.
  let out = '';
  while (out.length < 14) {
    for (const byte of randomBytes(32)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === 14) break;
    }
  }
  return `${prefix}_${out}`;
}

export function digits(count: number): string {
  let out = String(randomInt(1, 10));
  while (out.length < count) out += String(randomInt(0, 10));
  return out;
}

export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}
