// The vendor dashboard (/vendor): new orders the moment they arrive (with a sound and a banner),
// the orders waiting for an answer with Accept and Reject, and the socket's state.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { listProducts } from '../api/catalog';
import { SignIn } from '../auth/SignIn';
import { useSession } from '../auth/session';
import { enableSound, soundReady } from '../realtime/beep';
import { formatMoney, shortId, vendorName } from '../ui/format';
import { Header } from '../ui/Header';
import { BellIcon } from '../ui/icons';
import { AnsweredList } from './AnsweredList';
import { OrderCard } from './OrderCard';
import { SocketPill } from './SocketPill';
import { type VendorOrder, useVendorFeed } from './useVendorFeed';

const BANNER_MS = 8000;

export function VendorPage() {
  const { session, signIn, signOut } = useSession('vendor');
  const [vendorIds, setVendorIds] = useState<string[]>([]);
  const [banner, setBanner] = useState<VendorOrder[]>([]);
  const [sound, setSound] = useState(soundReady());

  useEffect(() => {
    if (session) return;
    listProducts()
      .then((p) => setVendorIds([...new Set(p.map((x) => x.vendorId))]))
      .catch(() => setVendorIds([]));
  }, [session]);

  const onArrival = useCallback((order: VendorOrder) => {
    setBanner((b) => [...b.filter((o) => o.orderId !== order.orderId), order]);
    setTimeout(() => setBanner((b) => b.filter((o) => o.orderId !== order.orderId)), BANNER_MS);
  }, []);
  const feed = useVendorFeed(session?.token, onArrival);

  const waiting = useMemo(
    () =>
      feed.orders
        .filter((o) => o.status === 'PENDING_VENDOR_ACCEPTANCE')
        .sort((a, b) => (a.placedAt ?? '').localeCompare(b.placedAt ?? '')),
    [feed.orders],
  );
  const answered = feed.orders.filter((o) => o.status !== 'PENDING_VENDOR_ACCEPTANCE');
  const freshCount = waiting.filter((o) => o.fresh).length;

  useEffect(() => {
    document.title = freshCount ? `(${freshCount}) New order · Bazaar for vendors` : 'Bazaar for vendors';
  }, [freshCount]);

  const turnSoundOn = async () => setSound(await enableSound());

  if (!session) {
    return (
      <>
        <Header area="vendor" />
        <main className="page narrow">
          <SignIn
            role="vendor"
            vendorIds={vendorIds}
            onSignedIn={(s) => {
              void turnSoundOn(); // the click that signs in also lets the page beep
              signIn(s);
            }}
          />
        </main>
      </>
    );
  }

  return (
    <>
      <Header area="vendor">
        <SocketPill state={feed.socket} />
        <button
          className={`btn ghost small${sound ? '' : ' attention'}`}
          onClick={() => void turnSoundOn()}
          data-testid="sound"
        >
          <BellIcon off={!sound} /> {sound ? 'Sound on' : 'Turn sound on'}
        </button>
        <span className="who">
          <span className="avatar">{vendorName(session.vendorId ?? '').slice(0, 1)}</span>
          <span data-testid="vendor-name">{vendorName(session.vendorId ?? '')}</span>
          <button className="btn ghost small" onClick={signOut}>
            Sign out
          </button>
        </span>
      </Header>
      {banner.length > 0 && (
        <div className="new-order-banner" role="alert" data-testid="new-order-banner">
          <span className="bell">
            <BellIcon size={18} />
          </span>
          {banner.length === 1
            ? `New order #${shortId(banner[0]!.orderId)} · ${formatMoney(banner[0]!.amount, banner[0]!.currency)}`
            : `${banner.length} new orders`}
        </div>
      )}
      <main className="page vendor">
        <div className="page-title">
          <h1>Orders</h1>
          <div className="stats">
            <span className="stat">
              <strong data-testid="waiting-count">{waiting.length}</strong> waiting for you
            </span>
            <span className="stat">
              <strong>{answered.filter((o) => o.status === 'ACCEPTED').length}</strong> accepted
            </span>
          </div>
        </div>
        {feed.answers === false && (
          <p className="warn banner" data-testid="answers-unavailable">
            This server cannot take answers yet (no vendor queue): new orders still appear here as they arrive.
          </p>
        )}
        {feed.error && <p className="error banner">{feed.error}</p>}
        <div className="vendor-cols">
          <section>
            <h2 className="section-title">Waiting for your answer</h2>
            {waiting.length === 0 ? (
              <div className="card empty" data-testid="no-orders">
                <p>No orders waiting. New orders appear here the moment they are paid.</p>
              </div>
            ) : (
              <ul className="order-cards" data-testid="waiting">
                {waiting.map((o) => (
                  <OrderCard
                    key={o.orderId}
                    order={o}
                    canAnswer={feed.answers === true}
                    onAccept={feed.accept}
                    onReject={feed.reject}
                    onSeen={feed.seen}
                  />
                ))}
              </ul>
            )}
          </section>
          <aside>
            <h2 className="section-title">Answered</h2>
            <AnsweredList orders={answered} />
          </aside>
        </div>
      </main>
    </>
  );
}
