// Idempotency-Key for checkout (draft-ietf-httpapi-idempotency-key-header): the same key and body
// replay the stored answer without a second hold or intent; the same key with another body is
// refused (422); a request still running under the key answers 409. Only successes are stored, so
// a client may retry a failed checkout with the same key.
import { createHash } from 'node:crypto';
import type { CheckoutResponse } from '@saga/contracts';
import { AppError, type Database, type Queryable, jsonValue, validationError } from '@saga/runtime';

/** A key whose request died mid-flight (crash) can be taken over after this long. */
const STALE_AFTER_SECONDS = 60;

export function requestHash(cartItems: Array<{ productId: string; quantity: number }>): string {
  const canonical = [...cartItems].sort((a, b) => a.productId.localeCompare(b.productId)).map((i) => `${i.productId}:${i.quantity}`);
  return createHash('sha256').update(canonical.join('|')).digest('hex');
}

export function validKey(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(raw)) throw validationError([{ name: 'Idempotency-Key', reason: 'must be 1 to 255 visible ASCII characters' }]);
  return raw;
}

/** Claims the key, or returns the answer a completed request under it got. */
export async function claimKey(db: Database, customerId: string, key: string, hash: string): Promise<CheckoutResponse | undefined> {
  return db.transaction(async (tx) => {
    const claimed = await tx.query(
      `insert into idempotency_keys (customer_id, key, request_hash, status) values (?, ?, ?, 'IN_PROGRESS')
       on conflict (customer_id, key) do update set request_hash = excluded.request_hash, created_at = now()
         where idempotency_keys.status = 'IN_PROGRESS' and idempotency_keys.created_at < now() - make_interval(secs => ?)
       returning key`,
      [customerId, key, hash, STALE_AFTER_SECONDS],
    );
    if (claimed.length) return undefined;
    const [row] = await tx.query<{ request_hash: string; status: string; response: CheckoutResponse | string | null }>(
      'select request_hash, status, response from idempotency_keys where customer_id = ? and key = ?',
      [customerId, key],
    );
    if (!row) throw new AppError('IDEMPOTENCY_REQUEST_IN_PROGRESS', 'the request under this Idempotency-Key just ended; retry');
    if (row.request_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different cart');
    if (row.status !== 'COMPLETED' || !row.response) {
      throw new AppError('IDEMPOTENCY_REQUEST_IN_PROGRESS', 'a checkout with this Idempotency-Key is still in progress', { retryAfterSeconds: 1 });
    }
    return jsonValue(row.response);
  });
}

export async function completeKey(tx: Queryable, customerId: string, key: string, response: CheckoutResponse): Promise<void> {
  await tx.send(`update idempotency_keys set status = 'COMPLETED', order_id = ?, response = ? where customer_id = ? and key = ?`, [
    response.orderId,
    JSON.stringify(response),
    customerId,
    key,
  ]);
}

export async function abandonKey(db: Database, customerId: string, key: string): Promise<void> {
  await db.query(`delete from idempotency_keys where customer_id = ? and key = ? and status = 'IN_PROGRESS'`, [customerId, key]);
}
