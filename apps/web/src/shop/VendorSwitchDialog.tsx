// One order comes from one store: adding another store's item asks before emptying the cart.
export function VendorSwitchDialog({
  from,
  to,
  onKeep,
  onSwitch,
}: {
  from: string;
  to: string;
  onKeep(): void;
  onSwitch(): void;
}) {
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="switch-title">
      <div className="dialog card">
        <h2 id="switch-title">Start a new cart?</h2>
        <p>
          Your cart has items from <strong>{from}</strong>. An order comes from one store, so adding this item from{' '}
          <strong>{to}</strong> empties your cart.
        </p>
        <div className="row end">
          <button className="btn ghost" onClick={onKeep}>
            Keep my cart
          </button>
          <button className="btn primary" onClick={onSwitch}>
            Start a new cart
          </button>
        </div>
      </div>
    </div>
  );
}
