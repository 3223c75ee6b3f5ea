// The customer's recent orders: the order service's list when it has one, else the orders placed
// from this browser.
import { useEffect, useState } from 'react';
import { ApiError } from '../api/http';
import { getOrder, listMyOrders } from '../api/orders';
import type { Order } from '../api/types';
import { formatDateTime, formatMoney, shortId, vendorName } from '../ui/format';
import { Link } from '../ui/router';
import { StatusBadge } from '../ui/StatusBadge';
import { recentOrderIds } from './recent-orders';

const SHOWN = 5;

async function load(token: string, customer: string): Promise<Order[]> {
  try {
    return await listMyOrders(token);
  } catch (err) {
    if (!(err instanceof ApiError && err.routeMissing)) throw err;
    const orders = await Promise.all(recentOrderIds(customer).map((id) => getOrder(token, id).catch(() => undefined)));
    return orders.filter((o): o is Order => !!o);
  }
}

export function MyOrders({ token, customer, refreshKey }: { token: string; customer: string; refreshKey: unknown }) {
  const [orders, setOrders] = useState<Order[]>();
  useEffect(() => {
    let live = true;
    load(token, customer)
      .then((o) => live && setOrders(o))
      .catch(() => live && setOrders([]));
    return () => {
      live = false;
    };
  }, [token, customer, refreshKey]);

  if (!orders?.length) return null;
  return (
    <div className="card my-orders">
      <h2>Your orders</h2>
      <ul>
        {orders.slice(0, SHOWN).map((o) => (
          <li key={o.orderId}>
            <Link to={`/orders/${encodeURIComponent(o.orderId)}`} className="order-row">
              <span>
                <strong>#{shortId(o.orderId)}</strong>
                <br />
                <span className="muted small">
                  {vendorName(o.vendorId)} · {formatMoney(o.amount, o.currency)}
                  <br />
                  {formatDateTime(o.createdAt)}
                </span>
              </span>
              <StatusBadge status={o.status} />
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
