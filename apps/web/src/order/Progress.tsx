// Paid -> Placed -> the vendor's answer (-> Refunded): where the order is, at a glance.
const reached = (steps: string[], ...names: string[]) => steps.some((s) => names.includes(s));

export function Progress({ status, steps }: { status: string; steps: string[] }) {
  const rejected =
    status === 'REJECTED' || status === 'CANCELLED' || reached(steps, 'ORDER_REJECTED', 'REJECTED', 'CANCELLED');
  const paid =
    reached(steps, 'PAYMENT_CONFIRMED') ||
    ['CONFIRMING_PAYMENT', 'PENDING_VENDOR_ACCEPTANCE', 'ACCEPTED', 'REJECTED'].includes(status);
  const placed =
    reached(steps, 'ORDER_PLACED') || ['PENDING_VENDOR_ACCEPTANCE', 'ACCEPTED', 'REJECTED'].includes(status);
  const refunded = steps.some((s) => /REFUNDED/.test(s));
  const stages = [
    { label: 'Paid', done: paid },
    { label: 'Sent to the vendor', done: placed },
    rejected ? { label: 'Rejected', done: true, bad: true } : { label: 'Accepted', done: status === 'ACCEPTED' },
    ...(rejected && paid ? [{ label: 'Refunded', done: refunded }] : []),
  ];
  if (status === 'EXPIRED' || status === 'PAYMENT_FAILED') return null;
  return (
    <ol className="progress">
      {stages.map((s, i) => (
        <li key={s.label} className={`${s.done ? 'done' : ''} ${'bad' in s && s.bad ? 'bad' : ''}`}>
          <span className="bullet">{s.done ? ('bad' in s && s.bad ? '✕' : '✓') : i + 1}</span>
          <span>{s.label}</span>
        </li>
      ))}
    </ol>
  );
}
