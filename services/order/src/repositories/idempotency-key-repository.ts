// Checkout's Idempotency-Key records (idempotency_keys): claimed IN_PROGRESS by one request,
// COMPLETED with the answer it got, or dropped when that request failed.
import { CheckoutResponse } from '@saga/contracts';
import { type Queryable, jsonValue } from '@saga/runtime';

export interface IdempotencyRecord {
  request_hash: string;
  status: 'IN_PROGRESS' | 'COMPLETED';
  /** The answer of the completed request. */
  response: CheckoutResponse | null;
}

function toIdempotencyRecord(r: Record<string, unknown>): IdempotencyRecord {
  const status = r.status === 'COMPLETED' ? 'COMPLETED' : 'IN_PROGRESS';
  // jsonb: validated against the contract, since it is replayed to the client as it is.
  const response =
    r.response === null || r.response === undefined ? null : CheckoutResponse.parse(jsonValue(r.response));
  return { request_hash: String(r.request_hash), status, response };
}

/**
 * Claims the key for a request with this hash: a new key, or one whose request has been in progress
 * longer than `staleAfterSeconds` (died mid-flight). Resolves whether it was claimed.
 */
export async function claimKey(
  tx: Queryable,
  customerId: string,
  key: string,
  requestHash: string,
  staleAfterSeconds: number,
): Promise<boolean> {
  // Hand-written, hot (checkout): ORM per statement cost 55 -> 38 ms CPU per saga (BENCHMARKS.md@25d6c19).
  const claimed = await tx.query(
    `insert into idempotency_keys (customer_id, key, request_hash, status) values ($1, $2, $3, 'IN_PROGRESS')
     on conflict (customer_id, key) do update set request_hash = excluded.request_hash, created_at = now()
       where idempotency_keys.status = 'IN_PROGRESS' and idempotency_keys.created_at < now() - make_interval(secs => $4)
     returning key`,
    [customerId, key, requestHash, staleAfterSeconds],
  );
  return claimed.length > 0;
}

/** The record under the key, if any. */
export async function findKey(tx: Queryable, customerId: string, key: string): Promise<IdempotencyRecord | undefined> {
  const [row] = await tx.query(
    'select request_hash, status, response from idempotency_keys where customer_id = $1 and key = $2',
    [customerId, key],
  );
  return row ? toIdempotencyRecord(row) : undefined;
}

/** COMPLETED with the order and the answer, in the transaction that records the order's payment intent. */
export async function completeKey(
  tx: Queryable,
  customerId: string,
  key: string,
  response: CheckoutResponse,
): Promise<void> {
  // Hand-written, hot (checkout): ORM per statement cost 55 -> 38 ms CPU per saga (BENCHMARKS.md@25d6c19).
  await tx.send(
    `update idempotency_keys set status = 'COMPLETED', order_id = $1, response = $2 where customer_id = $3 and key = $4`,
    [response.orderId, JSON.stringify(response), customerId, key],
  );
}

/** The key's request failed: the key is free again (only successes are stored). */
export async function abandonKey(q: Queryable, customerId: string, key: string): Promise<void> {
  await q.query(`delete from idempotency_keys where customer_id = $1 and key = $2 and status = 'IN_PROGRESS'`, [
    customerId,
    key,
  ]);
}
