export function QuantityStepper({
  quantity,
  max,
  label,
  onChange,
}: {
  quantity: number;
  max: number;
  label: string;
  onChange(q: number): void;
}) {
  return (
    <div className="stepper" role="group" aria-label={`Quantity of ${label}`}>
      <button className="step" aria-label={`One less ${label}`} onClick={() => onChange(quantity - 1)}>
        −
      </button>
      <span className="qty" aria-live="polite">
        {quantity}
      </span>
      <button
        className="step"
        aria-label={`One more ${label}`}
        disabled={quantity >= max}
        onClick={() => onChange(quantity + 1)}
      >
        +
      </button>
    </div>
  );
}
