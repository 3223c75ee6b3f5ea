// How long the vendor has before the order is rejected for want of an answer.
import { useEffect, useState } from 'react';

function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function AnswerDue({ at }: { at: string }) {
  const now = useNow(1000);
  const left = Date.parse(at) - now;
  if (Number.isNaN(left)) return null;
  if (left <= 0) return <span className="due late">Answer now</span>;
  const minutes = Math.floor(left / 60_000);
  const seconds = String(Math.floor((left % 60_000) / 1000)).padStart(2, '0');
  return (
    <span
      className={`due${left < 60_000 ? ' soon' : ''}`}
      title="Unanswered orders are rejected and refunded automatically"
    >
      {minutes}:{seconds} left to answer
    </span>
  );
}
