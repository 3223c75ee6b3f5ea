// An unpaid order (the modal was closed): pay it from its page, through the same Razorpay order.
import { useState } from 'react';
import { loadConfig } from '../api/config';
import { describeError } from '../api/http';
import { confirmPayment } from '../api/orders';
import type { Order } from '../api/types';
import { type PaymentFailure, payWithRazorpay } from '../payments/razorpay-checkout';
import { rememberedKeyId } from '../payments/key-id';
import { formatMoney, vendorName } from '../ui/format';

export function PayAgain({ token, order, onPaid }: { token: string; order: Order; onPaid(): void }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<PaymentFailure>();
  const [error, setError] = useState<string>();
  const keyId = rememberedKeyId();
  if (!order.paymentProviderOrderId || !keyId) return null;

  const pay = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const config = await loadConfig();
      const outcome = await payWithRazorpay({
        scriptUrl: config.razorpayCheckoutUrl,
        keyId,
        razorpayOrderId: order.paymentProviderOrderId!,
        amount: order.amount,
        currency: order.currency,
        shopName: config.shopName,
        description: vendorName(order.vendorId),
        onFailure: setFailure,
      });
      if (outcome.paid) {
        // Razorpay's webhook confirms the payment too: a refused callback only makes it later.
        await confirmPayment(token, order.orderId, outcome.callback).catch((err) =>
          console.warn('payment callback not accepted', err),
        );
        onPaid();
      }
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="pay-again">
      <button className="btn primary" disabled={busy} onClick={() => void pay()}>
        {busy ? 'Complete the payment…' : `Pay ${formatMoney(order.amount, order.currency)} now`}
      </button>
      {failure && (
        <span className="warn small">
          {' '}
          Payment failed{failure.description ? `: ${failure.description}` : ''}. Try again.
        </span>
      )}
      {error && <span className="error small"> {error}</span>}
    </div>
  );
}
