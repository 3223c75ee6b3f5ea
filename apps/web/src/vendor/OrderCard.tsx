import { type FormEvent, useState } from 'react';
import { formatMoney, formatTime, shortId } from '../ui/format';
import { AnswerDue } from './AnswerDue';
import type { VendorOrder } from './useVendorFeed';

const REASONS = ['Out of stock', 'Store closing soon', 'Too busy right now'];

interface Props {
  order: VendorOrder;
  canAnswer: boolean;
  onAccept(orderId: string): void;
  onReject(orderId: string, reason: string): void;
  onSeen(orderId: string): void;
}

export function OrderCard({ order, canAnswer, onAccept, onReject, onSeen }: Props) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState(REASONS[0]!);
  const [other, setOther] = useState('');
  const finalReason = reason === 'other' ? other.trim() : reason;

  const submitReject = (e: FormEvent) => {
    e.preventDefault();
    if (finalReason) onReject(order.orderId, finalReason);
  };

  return (
    <li
      className={`card order-card${order.fresh ? ' fresh' : ''}`}
      data-order={order.orderId}
      onMouseEnter={() => order.fresh && onSeen(order.orderId)}
    >
      <div className="order-card-head">
        <div>
          <span className="order-no">#{shortId(order.orderId)}</span>
          {order.fresh && <span className="badge tone-warn new-tag">New</span>}
          <div className="muted small">
            {formatTime(order.placedAt)}
            {order.customerId && ` · ${order.customerId}`}
          </div>
        </div>
        <span className="amount">{formatMoney(order.amount, order.currency)}</span>
      </div>
      <ul className="items">
        {order.items.map((l) => (
          <li key={l.productId}>
            <span className="qty-chip">{l.quantity}×</span> {l.name}
          </li>
        ))}
      </ul>
      {order.dueAt && <AnswerDue at={order.dueAt} />}
      {order.error && <p className="error small">{order.error}</p>}
      {canAnswer && !rejecting && (
        <div className="row">
          <button className="btn success" disabled={order.busy} onClick={() => onAccept(order.orderId)}>
            Accept
          </button>
          <button className="btn danger-outline" disabled={order.busy} onClick={() => setRejecting(true)}>
            Reject
          </button>
        </div>
      )}
      {canAnswer && rejecting && (
        <form className="reject-form" onSubmit={submitReject}>
          <label className="field">
            <span>Why can't you take it? The customer sees this.</span>
            <select value={reason} onChange={(e) => setReason(e.target.value)} aria-label="Reason">
              {REASONS.map((r) => (
                <option key={r}>{r}</option>
              ))}
              <option value="other">Something else…</option>
            </select>
          </label>
          {reason === 'other' && (
            <input
              value={other}
              onChange={(e) => setOther(e.target.value)}
              maxLength={200}
              placeholder="Reason"
              aria-label="Other reason"
              autoFocus
            />
          )}
          <div className="row">
            <button className="btn danger" disabled={order.busy || !finalReason}>
              Reject and refund
            </button>
            <button type="button" className="btn ghost" onClick={() => setRejecting(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
