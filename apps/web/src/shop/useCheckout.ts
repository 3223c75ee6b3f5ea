// "Pay Now": check out (idempotently: the same cart keeps its key, so a second click or a retry
// after closing the modal reopens the same order instead of making another), open Razorpay
// Checkout, send its signed answer to the order service, and go to the order's page.
import { useCallback, useState } from 'react';
import { loadConfig } from '../api/config';
import { ApiError, describeError } from '../api/http';
import { checkout, confirmPayment } from '../api/orders';
import type { CartLine, CheckoutResult } from '../api/types';
import { type PaymentFailure, payWithRazorpay } from '../payments/razorpay-checkout';
import { rememberKeyId } from '../payments/key-id';
import { formatTime, vendorName } from '../ui/format';
import { navigate } from '../ui/router';
import { rememberOrder } from './recent-orders';

export type CheckoutPhase = 'idle' | 'starting' | 'paying' | 'confirming';

const KEY_STORE = 'bazaar.checkout-key';
const KEY_REUSE_MS = 10 * 60_000; // well inside the checkout's 15 minutes

const signatureOf = (customer: string, lines: CartLine[]) =>
  `${customer}|${[...lines]
    .sort((a, b) => a.productId.localeCompare(b.productId))
    .map((l) => `${l.productId}x${l.quantity}`)
    .join(',')}`;

function idempotencyKeyFor(signature: string): string {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY_STORE) ?? 'null') as {
      signature: string;
      key: string;
      at: number;
    } | null;
    if (saved && saved.signature === signature && Date.now() - saved.at < KEY_REUSE_MS) return saved.key;
  } catch {
    /* a damaged entry: start a new key */
  }
  const key = crypto.randomUUID();
  sessionStorage.setItem(KEY_STORE, JSON.stringify({ signature, key, at: Date.now() }));
  return key;
}

export interface CheckoutInput {
  token: string;
  customer: string;
  lines: CartLine[];
  /** The cart is stored by the order service: check out without sending the lines. */
  storedCart: boolean;
}

export function useCheckout(onPlaced: () => void) {
  const [phase, setPhase] = useState<CheckoutPhase>('idle');
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<PaymentFailure>();
  const [unpaid, setUnpaid] = useState<CheckoutResult>();
  const [notice, setNotice] = useState<string>();

  const payNow = useCallback(
    async ({ token, customer, lines, storedCart }: CheckoutInput) => {
      setError(undefined);
      setFailure(undefined);
      setNotice(undefined);
      setPhase('starting');
      try {
        const config = await loadConfig();
        const order = await checkout(
          token,
          idempotencyKeyFor(signatureOf(customer, lines)),
          storedCart ? undefined : lines,
        );
        rememberOrder(customer, order.orderId);
        rememberKeyId(order.paymentIntent.keyId);
        setUnpaid(order);
        setPhase('paying');
        const outcome = await payWithRazorpay({
          scriptUrl: config.razorpayCheckoutUrl,
          keyId: order.paymentIntent.keyId,
          razorpayOrderId: order.paymentIntent.paymentProviderOrderId,
          amount: order.amount,
          currency: order.currency,
          shopName: config.shopName,
          description: `${vendorName(order.vendorId)} · ${order.items.length} item${order.items.length === 1 ? '' : 's'}`,
          onFailure: setFailure,
        });
        if (!outcome.paid) {
          setNotice(
            `Payment not completed. Your items stay reserved until ${formatTime(order.expiresAt)}: Pay Now to finish.`,
          );
          setPhase('idle');
          return;
        }
        setPhase('confirming');
        // The order page shows where the order is either way: Razorpay's webhook confirms the payment
        // too, so a callback that fails (or a server without the route) only makes it a little later.
        await confirmPayment(token, order.orderId, outcome.callback).catch((err) =>
          console.warn('payment callback not accepted', err),
        );
        sessionStorage.removeItem(KEY_STORE);
        setUnpaid(undefined);
        onPlaced();
        navigate(`/orders/${encodeURIComponent(order.orderId)}`);
      } catch (err) {
        setError(checkoutMessage(err));
        setPhase('idle');
      }
    },
    [onPlaced],
  );

  return { phase, error, failure, notice, unpaid, payNow };
}

function checkoutMessage(err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : describeError(err);
  if (err.code === 'OUT_OF_STOCK') {
    const items = Array.isArray(err.body.unavailableItems)
      ? (err.body.unavailableItems as Array<{ productId: string; available: number }>)
      : [];
    const list = items.map((i) => `${i.productId} (${i.available} left)`).join(', ');
    return `Not enough stock${list ? `: ${list}` : ''}. Lower the quantity and try again.`;
  }
  if (err.code === 'PAYMENT_GATEWAY_UNAVAILABLE' || err.code === 'SERVICE_UNAVAILABLE')
    return 'Payments are busy right now. Try again in a few seconds.';
  if (err.status === 401) return 'Your sign-in has expired. Sign in again.';
  return describeError(err);
}
