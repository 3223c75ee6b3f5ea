// Idempotency-Key for checkout (draft-ietf-httpapi-idempotency-key-header): the same key and body
// replay the stored answer without a second hold or intent; the same key with another body is
// refused (422); a request still running under the key answers 409. Only successes are stored, so
// a client may retry a failed checkout with the same key.
import { createHash } from 'node:crypto';
import type { CheckoutResponse } from '@saga/contracts';
import { AppError, type Database, validationError } from '@saga/runtime';
import * as keys from '../repositories/idempotency-key-repository';

/** A key whose request died mid-flight (crash) can be taken over after this long. */
const STALE_AFTER_SECONDS = 60;

export function requestHash(cartItems: Array<{ productId: string; quantity: number }>): string {
  const canonical = [...cartItems]
    .sort((a, b) => a.productId.localeCompare(b.productId))
    .map((i) => `${i.productId}:${i.quantity}`);
  return createHash('sha256').update(canonical.join('|')).digest('hex');
}

export function validKey(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(raw))
    throw validationError([{ name: 'Idempotency-Key', reason: 'must be 1 to 255 visible ASCII characters' }]);
  return raw;
}

/** Claims the key, or returns the answer a completed request under it got. */
export async function claimKey(
  db: Database,
  customerId: string,
  key: string,
  hash: string,
): Promise<CheckoutResponse | undefined> {
  return db.transaction(async (tx) => {
    if (await keys.claimKey(tx, customerId, key, hash, STALE_AFTER_SECONDS)) return undefined;
    const record = await keys.findKey(tx, customerId, key);
    if (!record)
      throw new AppError('IDEMPOTENCY_REQUEST_IN_PROGRESS', 'the request under this Idempotency-Key just ended; retry');
    if (record.request_hash !== hash)
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different cart');
    if (record.status !== 'COMPLETED' || !record.response) {
      throw new AppError(
        'IDEMPOTENCY_REQUEST_IN_PROGRESS',
        'a checkout with this Idempotency-Key is still in progress',
        { retryAfterSeconds: 1 },
      );
    }
    return record.response;
  });
}
