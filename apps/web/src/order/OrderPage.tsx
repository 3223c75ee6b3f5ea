// The customer's order page (/orders/:id): the status as it changes, the vendor's answer, the
// saga's timeline step by step, and Pay Now again while the order is unpaid.
import { useState } from 'react';
import { SignIn } from '../auth/SignIn';
import { useSession } from '../auth/session';
import { formatMoney, formatTime, shortId, vendorName } from '../ui/format';
import { Header } from '../ui/Header';
import { statusForCustomer, statusLabel } from '../ui/order-status';
import { Link } from '../ui/router';
import { StatusBadge } from '../ui/StatusBadge';
import { PayAgain } from './PayAgain';
import { Progress } from './Progress';
import { TimelineList } from './TimelineList';
import { type OrderNews, useOrderLive } from './useOrderLive';
import { VendorAnswer } from './VendorAnswer';

export function OrderPage({ orderId }: { orderId: string }) {
  const { session, signIn, signOut } = useSession('customer');
  const [news, setNews] = useState<OrderNews>();
  const live = useOrderLive(session?.token, orderId, setNews);
  const { order, timeline } = live;

  return (
    <>
      <Header area="shop">
        {session && (
          <span className="who">
            <span className="avatar">{session.sub.slice(0, 1).toUpperCase()}</span>
            <span>{session.sub}</span>
            <button className="btn ghost small" onClick={signOut}>
              Sign out
            </button>
          </span>
        )}
      </Header>
      <main className="page narrow">
        <p>
          <Link to="/">← Back to the shop</Link>
        </p>
        {!session && <SignIn role="customer" onSignedIn={signIn} />}
        {session && live.notFound && (
          <div className="card empty">
            <h1>Order not found</h1>
            <p className="muted">This order does not exist, or it belongs to another customer.</p>
          </div>
        )}
        {session && !order && !live.notFound && <p className="muted">{live.error ?? 'Loading your order…'}</p>}
        {news && (
          <div className="toast" role="status">
            Order <Link to={`/orders/${encodeURIComponent(news.orderId)}`}>#{shortId(news.orderId)}</Link>:{' '}
            {statusLabel(news.status)}
            <button className="linklike" onClick={() => setNews(undefined)} aria-label="Dismiss">
              ×
            </button>
          </div>
        )}
        {session && order && (
          <>
            <section className="card order-head" data-testid="order" data-status={order.status}>
              <div className="order-title">
                <div>
                  <p className="muted small">Order #{shortId(order.orderId)}</p>
                  <h1>{vendorName(order.vendorId)}</h1>
                </div>
                <StatusBadge status={order.status} />
              </div>
              <p className="lead" data-testid="order-message">
                {statusForCustomer(order.status)}
              </p>
              <Progress status={order.status} steps={timeline?.entries.map((e) => e.step) ?? []} />
              <VendorAnswer order={order} entries={timeline?.entries ?? []} />
              {order.status === 'CHECKOUT' && (
                <PayAgain token={session.token} order={order} onPaid={() => void live.refresh()} />
              )}
              <p className="live muted small" data-socket={live.socket}>
                <span className={`dot ${live.socket === 'connected' ? 'on' : 'off'}`} />
                {live.socket === 'connected' ? 'Live updates' : 'Checking for updates'}
                {live.error && <span className="error"> · {live.error}</span>}
              </p>
            </section>
            <div className="two-col">
              <section className="card">
                <h2>Items</h2>
                <ul className="lines">
                  {order.items.map((l) => (
                    <li key={l.productId}>
                      <span>
                        {l.quantity} × {l.name}
                      </span>
                      <span>{formatMoney(l.lineTotal, order.currency)}</span>
                    </li>
                  ))}
                  <li className="total">
                    <span>{order.status === 'CHECKOUT' || order.status === 'EXPIRED' ? 'Total' : 'Total paid'}</span>
                    <strong>{formatMoney(order.amount, order.currency)}</strong>
                  </li>
                </ul>
                {order.createdAt && <p className="muted small">Ordered at {formatTime(order.createdAt)}</p>}
              </section>
              <section className="card">
                <h2>What happened</h2>
                <TimelineList entries={timeline?.entries ?? []} currency={order.currency} />
              </section>
            </div>
          </>
        )}
      </main>
    </>
  );
}
