// Steps 1 to 8 of SEQ-BP-002. The guard comes first and the irreversible step last:
//   hold the stock (priced by the catalog) -> record the order in CHECKOUT -> create the payment
//   intent -> answer. Out of stock: nothing is created, no payment initiated. No intent: the hold
//   is released and the order says why. Never a transaction held open across a service call.
import { randomUUID } from 'node:crypto';
import type { CheckoutResponse } from '@saga/contracts';
import { AppError, type Database, type Logger, type Queryable, type TraceHeaders } from '@saga/runtime';
import type { CatalogClient } from '../clients/catalog-client';
import type { PaymentsClient } from '../clients/payments-client';
import { abandonKey, completeKey } from '../repositories/idempotency-key-repository';
import { markPaymentIntentFailed, insertCheckout, recordPaymentIntent } from '../repositories/order-repository';
import { recordStep } from '../repositories/order-timeline';
import { claimKey, requestHash } from './idempotency';

export interface CheckoutDeps {
  db: Database;
  catalog: CatalogClient;
  payments: PaymentsClient;
  logger: Logger;
  expirySeconds: number;
  holdGraceSeconds: number;
}

export interface CheckoutCommand {
  customerId: string;
  cart: { cartItems: Array<{ productId: string; quantity: number }> };
  /** The stored cart's revision, when the checkout took it: cleared once the order is placed. */
  cartRevision?: string;
  idempotencyKey?: string;
  /** Forwarded on every call this checkout makes (request id, trace context). */
  trace: TraceHeaders;
}

export interface CheckoutOutcome {
  answer: CheckoutResponse;
  /** The stored answer of an earlier request under the same Idempotency-Key: nothing new was done. */
  replayed: boolean;
}

export async function checkout(deps: CheckoutDeps, command: CheckoutCommand): Promise<CheckoutOutcome> {
  const { customerId, idempotencyKey } = command;
  if (idempotencyKey) {
    const replay = await claimKey(deps.db, customerId, idempotencyKey, requestHash(command.cart.cartItems));
    if (replay) return { answer: replay, replayed: true };
  }
  try {
    return { answer: await placeCheckout(deps, command), replayed: false };
  } catch (err) {
    if (idempotencyKey) await abandonKey(deps.db, customerId, idempotencyKey);
    throw err;
  }
}

async function placeCheckout(
  deps: CheckoutDeps,
  { customerId, cart, cartRevision, idempotencyKey, trace }: CheckoutCommand,
): Promise<CheckoutResponse> {
  const orderId = randomUUID();
  const items = cart.cartItems.map(({ productId, quantity }) => ({ productId, quantity }));
  const quote = await deps.catalog.hold(orderId, items, deps.expirySeconds + deps.holdGraceSeconds, trace);
  const vendorId = quote.items[0]?.vendorId as string;
  const expiresAt = new Date(Date.now() + deps.expirySeconds * 1000).toISOString();

  // One statement, so it commits on its own: the order and its first two timeline rows.
  await insertCheckout(
    deps.db,
    {
      orderId,
      customerId,
      vendorId,
      amountPaise: quote.amount,
      currency: quote.currency,
      items: quote.items,
      expiresAt,
      cartRevision: cartRevision ?? null,
    },
    [
      ['CHECKOUT_STARTED', { customerId, amount: quote.amount }],
      ['STOCK_HELD', { holdExpiresAt: quote.hold?.expiresAt }],
    ],
  );

  let paymentIntent;
  try {
    paymentIntent = await deps.payments.createIntent(
      { orderReference: orderId, amount: quote.amount, customerId },
      trace,
    );
  } catch (err) {
    await failCheckout(deps, orderId, err as Error, trace);
    throw err;
  }

  const response: CheckoutResponse = {
    orderId,
    status: 'CHECKOUT',
    amount: quote.amount,
    currency: 'INR',
    vendorId,
    items: quote.items,
    expiresAt,
    paymentIntent,
  };
  const { paymentProviderOrderId } = paymentIntent;
  const recordIntent = (q: Queryable) =>
    recordPaymentIntent(q, orderId, paymentProviderOrderId, [['PAYMENT_INTENT_CREATED', { paymentProviderOrderId }]]);
  // With a key, its answer commits with the order it describes: a retry never replays an intent the order lacks.
  if (!idempotencyKey) await recordIntent(deps.db);
  else
    await deps.db.transaction(async (tx) => {
      await recordIntent(tx);
      await completeKey(tx, customerId, idempotencyKey, response);
    });
  return response;
}

/** Compensation of the hold: give the stock back and say why the order ended. */
async function failCheckout(deps: CheckoutDeps, orderId: string, cause: Error, trace: TraceHeaders): Promise<void> {
  const code = cause instanceof AppError ? cause.code : 'INTERNAL';
  await deps.db.transaction(async (tx) => {
    await markPaymentIntentFailed(tx, orderId, `payment intent failed: ${code}`);
    await recordStep(tx, orderId, 'PAYMENT_INTENT_FAILED', { code });
  });
  try {
    await deps.catalog.release(orderId, `payment intent failed: ${code}`, trace);
    await recordStep(deps.db, orderId, 'HOLD_RELEASED', { reason: code });
  } catch (err) {
    // The catalog's expiry sweep releases it later; the stock is late, never lost.
    deps.logger.error({ orderId, err: (err as Error).message }, 'could not release the hold now; it will expire');
  }
}
