// The vendor's answer, in words: accepted, or rejected with the reason and the refund.
import type { Order, TimelineEntry } from '../api/types';
import { formatMoney, formatTime, vendorName } from '../ui/format';
import { stepDetail } from '../ui/order-status';

const find = (entries: TimelineEntry[], pattern: RegExp) => entries.find((e) => pattern.test(e.step));

export function VendorAnswer({ order, entries }: { order: Order; entries: TimelineEntry[] }) {
  const vendor = vendorName(order.vendorId);
  if (order.status === 'ACCEPTED') {
    const at = find(entries, /ACCEPTED/)?.at;
    return (
      <div className="answer ok" data-testid="vendor-answer">
        <strong>{vendor} accepted your order</strong>
        {at && <span className="muted"> at {formatTime(at)}</span>}. They are preparing it now.
      </div>
    );
  }
  if (order.status !== 'REJECTED' && order.status !== 'CANCELLED') return null;
  const rejection = find(entries, /REJECTED|CANCELLED|TIMEOUT/);
  const reason = order.statusReason ?? (rejection ? stepDetail(rejection) : undefined);
  const refunded = find(entries, /REFUNDED/);
  const refundAsked = find(entries, /REFUND/);
  return (
    <div className="answer bad" data-testid="vendor-answer">
      <strong>
        {order.status === 'REJECTED' ? `${vendor} could not take your order` : 'Your order was cancelled'}
      </strong>
      {reason && <span> — “{reason}”</span>}.{' '}
      {refunded ? (
        <span data-testid="refund">
          {formatMoney(order.amount, order.currency)} has been refunded to you
          {refunded.at ? ` (${formatTime(refunded.at)})` : ''}.
        </span>
      ) : refundAsked ? (
        <span data-testid="refund">Your refund of {formatMoney(order.amount, order.currency)} is on its way.</span>
      ) : order.paymentId ? (
        <span>Your payment will be refunded.</span>
      ) : null}
    </div>
  );
}
