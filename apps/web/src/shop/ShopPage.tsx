// The customer shop (/): the catalog with live stock, a one-vendor cart, Pay Now through
// Razorpay Checkout, and the customer's recent orders.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { listProducts } from '../api/catalog';
import { describeError } from '../api/http';
import type { Product } from '../api/types';
import { SignIn } from '../auth/SignIn';
import { useSession } from '../auth/session';
import { vendorName } from '../ui/format';
import { Header } from '../ui/Header';
import { CartPanel } from './CartPanel';
import { MyOrders } from './MyOrders';
import { ProductGrid } from './ProductGrid';
import { VendorSwitchDialog } from './VendorSwitchDialog';
import { addOne, setQuantity, startOver, useCart } from './useCart';
import { useCheckout } from './useCheckout';

const PRODUCTS_REFRESH_MS = 15_000;

export function ShopPage() {
  const { session, signIn, signOut } = useSession('customer');
  const [products, setProducts] = useState<Product[]>();
  const [loadError, setLoadError] = useState<string>();
  const [askSwitch, setAskSwitch] = useState<Product>();
  const cart = useCart(session?.token, session?.sub);

  const loadProducts = useCallback(() => {
    listProducts()
      .then((p) => {
        setProducts(p);
        setLoadError(undefined);
      })
      .catch((err) => setLoadError(describeError(err)));
  }, []);
  useEffect(() => {
    loadProducts();
    const timer = setInterval(loadProducts, PRODUCTS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [loadProducts]);

  const checkout = useCheckout(
    useCallback(() => {
      cart.forget();
      loadProducts();
    }, [cart, loadProducts]),
  );

  const byId = useMemo(() => new Map((products ?? []).map((p) => [p.productId, p])), [products]);
  const cartVendor = cart.lines.map((l) => byId.get(l.productId)?.vendorId).find(Boolean);
  const quantities = useMemo(() => new Map(cart.lines.map((l) => [l.productId, l.quantity])), [cart.lines]);

  const add = (product: Product) => {
    if (cartVendor && cartVendor !== product.vendorId) setAskSwitch(product);
    else cart.change(addOne(product.productId));
  };

  return (
    <>
      <Header area="shop">
        {session ? (
          <span className="who">
            <span className="avatar">{session.sub.slice(0, 1).toUpperCase()}</span>
            <span data-testid="customer-name">{session.sub}</span>
            <button className="btn ghost small" onClick={signOut}>
              Sign out
            </button>
          </span>
        ) : null}
      </Header>
      <main className="page shop">
        <section className="catalog">
          <div className="page-title">
            <h1>Order from local stores</h1>
            <p className="muted">Fresh from the stores near you. One store per order, paid securely with Razorpay.</p>
          </div>
          {loadError && <p className="error banner">{loadError}</p>}
          {!products && !loadError && <p className="muted">Loading the catalog…</p>}
          {products && (
            <ProductGrid
              products={products}
              quantities={quantities}
              cartVendor={cartVendor}
              canAdd={!!session}
              onAdd={add}
              onSetQuantity={(id, q) => cart.change(setQuantity(id, q))}
            />
          )}
        </section>
        <aside className="sidebar">
          {session ? (
            <>
              <CartPanel
                lines={cart.lines}
                products={byId}
                store={cart.store}
                error={cart.error ?? checkout.error}
                failure={checkout.failure}
                notice={checkout.notice}
                phase={checkout.phase}
                onSetQuantity={(id, q) => cart.change(setQuantity(id, q))}
                onPay={() =>
                  void cart.settled().then(() =>
                    checkout.payNow({
                      token: session.token,
                      customer: session.sub,
                      lines: cart.lines,
                      storedCart: cart.store === 'server',
                    }),
                  )
                }
              />
              <MyOrders token={session.token} customer={session.sub} refreshKey={checkout.phase} />
            </>
          ) : (
            <SignIn role="customer" onSignedIn={signIn} />
          )}
        </aside>
      </main>
      {askSwitch && (
        <VendorSwitchDialog
          from={vendorName(cartVendor ?? '')}
          to={vendorName(askSwitch.vendorId)}
          onKeep={() => setAskSwitch(undefined)}
          onSwitch={() => {
            cart.change(startOver(askSwitch.productId));
            setAskSwitch(undefined);
          }}
        />
      )}
    </>
  );
}
