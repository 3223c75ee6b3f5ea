import type { TimelineEntry } from '../api/types';
import { formatMoney, formatTime } from '../ui/format';
import { stepDetail, stepLabel, stepTone } from '../ui/order-status';

export function TimelineList({ entries, currency }: { entries: TimelineEntry[]; currency: string }) {
  if (!entries.length) return <p className="muted">Nothing yet.</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {entries.map((e, i) => {
        const detail = stepDetail(e);
        const amount =
          typeof e.amount === 'number' && /REFUND/.test(e.step) ? formatMoney(e.amount, currency) : undefined;
        return (
          <li key={`${e.step}-${e.at}-${i}`} className={`tone-${stepTone(e.step)}`} data-step={e.step}>
            <time>{formatTime(e.at)}</time>
            <span className="step">
              {stepLabel(e.step)}
              {amount && <span className="muted"> · {amount}</span>}
              {detail && <span className="muted"> · {detail}</span>}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
