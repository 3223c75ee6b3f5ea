import type { CartLine, Product } from '../api/types';
import type { PaymentFailure } from '../payments/razorpay-checkout';
import { formatMoney, vendorName } from '../ui/format';
import { QuantityStepper } from './QuantityStepper';
import type { CartStore } from './useCart';
import type { CheckoutPhase } from './useCheckout';

interface Props {
  lines: CartLine[];
  products: Map<string, Product>;
  store: CartStore;
  error?: string;
  failure?: PaymentFailure;
  notice?: string;
  phase: CheckoutPhase;
  onSetQuantity(productId: string, quantity: number): void;
  onPay(): void;
}

const PAY_LABEL: Record<CheckoutPhase, string> = {
  idle: 'Pay Now',
  starting: 'Reserving your items…',
  paying: 'Complete the payment…',
  confirming: 'Confirming payment…',
};

export function CartPanel({ lines, products, store, error, failure, notice, phase, onSetQuantity, onPay }: Props) {
  const priced = lines.map((l) => ({ ...l, product: products.get(l.productId) }));
  const total = priced.reduce((sum, l) => sum + (l.product?.price ?? 0) * l.quantity, 0);
  const vendor = priced.find((l) => l.product)?.product?.vendorId;
  const currency = priced.find((l) => l.product)?.product?.currency ?? 'INR';
  return (
    <div className="card cart" data-testid="cart">
      <div className="cart-head">
        <h2>Your cart</h2>
        {vendor && <span className="muted">from {vendorName(vendor)}</span>}
      </div>
      {store === 'loading' && <p className="muted">Loading your cart…</p>}
      {store !== 'loading' && lines.length === 0 && (
        <p className="muted empty-cart">Your cart is empty. Add something from one store.</p>
      )}
      {lines.length > 0 && (
        <ul className="cart-lines">
          {priced.map((l) => (
            <li key={l.productId} data-line={l.productId}>
              <div className="line-name">
                <span>{l.product?.name ?? l.productId}</span>
                <span className="muted small">{l.product ? formatMoney(l.product.price, l.product.currency) : ''}</span>
              </div>
              <QuantityStepper
                quantity={l.quantity}
                max={l.product?.availableQuantity ?? l.quantity}
                label={l.product?.name ?? l.productId}
                onChange={(q) => onSetQuantity(l.productId, q)}
              />
              <span className="line-total">
                {l.product ? formatMoney(l.product.price * l.quantity, l.product.currency) : '—'}
              </span>
            </li>
          ))}
        </ul>
      )}
      {lines.length > 0 && (
        <div className="cart-total">
          <span>Total</span>
          <strong data-testid="cart-total">{formatMoney(total, currency)}</strong>
        </div>
      )}
      {failure && (
        <p className="warn banner" role="status" data-testid="payment-failed">
          Payment failed{failure.description ? `: ${failure.description}` : ''}. You can try again in the payment
          window.
        </p>
      )}
      {notice && !failure && (
        <p className="warn banner" role="status" data-testid="checkout-notice">
          {notice}
        </p>
      )}
      {error && (
        <p className="error banner" role="alert">
          {error}
        </p>
      )}
      <button className="btn primary block" disabled={lines.length === 0 || phase !== 'idle'} onClick={onPay}>
        {PAY_LABEL[phase]}
      </button>
      <p className="hint small">
        {store === 'server'
          ? 'Your cart is saved to your account.'
          : store === 'browser'
            ? 'Your cart is saved in this browser.'
            : ''}{' '}
        Secure payment by Razorpay.
      </p>
    </div>
  );
}
