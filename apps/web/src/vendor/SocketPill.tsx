import type { SocketState } from '../realtime/live-socket';

const LABEL: Record<SocketState, string> = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  stopped: 'Offline',
};

export function SocketPill({ state }: { state: SocketState }) {
  return (
    <span
      className={`pill socket-${state}`}
      data-testid="socket-state"
      data-state={state}
      title="Connection to new orders"
    >
      <span className="dot" />
      {LABEL[state]}
    </span>
  );
}
