import { formatMoney, shortId } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';
import type { VendorOrder } from './useVendorFeed';

export function AnsweredList({ orders }: { orders: VendorOrder[] }) {
  if (!orders.length) return <p className="muted card empty">Orders you accept or reject show here.</p>;
  return (
    <ul className="card answered" data-testid="answered">
      {orders.map((o) => (
        <li key={o.orderId} data-order={o.orderId}>
          <span>
            <strong>#{shortId(o.orderId)}</strong>{' '}
            <span className="muted small">{formatMoney(o.amount, o.currency)}</span>
            {o.statusReason && <div className="muted small">“{o.statusReason}”</div>}
          </span>
          <StatusBadge status={o.status} />
        </li>
      ))}
    </ul>
  );
}
