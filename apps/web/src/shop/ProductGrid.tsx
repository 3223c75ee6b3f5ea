import type { Product } from '../api/types';
import { formatMoney, initials, vendorName } from '../ui/format';
import { QuantityStepper } from './QuantityStepper';

interface Props {
  products: Product[];
  quantities: Map<string, number>;
  cartVendor?: string;
  canAdd: boolean;
  onAdd(product: Product): void;
  onSetQuantity(productId: string, quantity: number): void;
}

const HUES = [24, 150, 210, 280, 340, 90];
const hueOf = (vendorId: string) =>
  HUES[[...vendorId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % HUES.length]!;

export function ProductGrid({ products, quantities, cartVendor, canAdd, onAdd, onSetQuantity }: Props) {
  const vendors = [...new Set(products.map((p) => p.vendorId))];
  if (!products.length) return <p className="muted">No products on sale yet.</p>;
  return (
    <div className="vendors">
      {vendors.map((vendorId) => (
        <section key={vendorId} className="vendor-section" data-vendor={vendorId}>
          <header className="vendor-head">
            <span className="vendor-logo" style={{ background: `hsl(${hueOf(vendorId)} 70% 45%)` }}>
              {initials(vendorName(vendorId))}
            </span>
            <h2>{vendorName(vendorId)}</h2>
            {cartVendor === vendorId && <span className="badge tone-info">In your cart</span>}
          </header>
          <ul className="grid">
            {products
              .filter((p) => p.vendorId === vendorId)
              .map((p) => {
                const inCart = quantities.get(p.productId) ?? 0;
                const soldOut = p.availableQuantity <= 0;
                return (
                  <li
                    key={p.productId}
                    className={`product card${soldOut ? ' sold-out' : ''}`}
                    data-product={p.productId}
                  >
                    <div
                      className="product-art"
                      style={{
                        background: `hsl(${hueOf(vendorId)} 70% 94%)`,
                        color: `hsl(${hueOf(vendorId)} 60% 35%)`,
                      }}
                    >
                      {initials(p.name)}
                    </div>
                    <div className="product-body">
                      <h3>{p.name}</h3>
                      <div className="product-meta">
                        <span className="price">{formatMoney(p.price, p.currency)}</span>
                        <span className={`stock${p.availableQuantity < 20 ? ' low' : ''}`} data-testid="stock">
                          {soldOut
                            ? 'Sold out'
                            : p.availableQuantity < 20
                              ? `Only ${p.availableQuantity} left`
                              : `${p.availableQuantity} in stock`}
                        </span>
                      </div>
                    </div>
                    <div className="product-action">
                      {inCart > 0 ? (
                        <QuantityStepper
                          quantity={inCart}
                          max={p.availableQuantity}
                          onChange={(q) => onSetQuantity(p.productId, q)}
                          label={p.name}
                        />
                      ) : (
                        <button
                          className="btn secondary"
                          disabled={soldOut || !canAdd}
                          onClick={() => onAdd(p)}
                          title={canAdd ? undefined : 'Sign in to order'}
                        >
                          Add
                        </button>
                      )}
                    </div>
                  </li>
                );
              })}
          </ul>
        </section>
      ))}
    </div>
  );
}
