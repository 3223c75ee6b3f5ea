// The vendor's orders as they arrive. The socket's new_order frames and the order service's
// queue are merged by order id, so an order is listed once however it arrived: live, replayed
// after a reconnect, or read from the queue on (re)connecting. A frame is acknowledged once the
// order is on the page; an order first seen after the page loaded gets the visible and audible cue.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, describeError } from '../api/http';
import { acceptOrder, getOrder, listVendorOrders, rejectOrder } from '../api/orders';
import type { Order, OrderLine } from '../api/types';
import { beep } from '../realtime/beep';
import { LiveSocket, type ServerFrame, type SocketState } from '../realtime/live-socket';

export interface VendorOrder {
  orderId: string;
  items: OrderLine[];
  amount: number;
  currency: string;
  customerId?: string;
  placedAt?: string;
  status: string;
  statusReason?: string | null;
  /** Arrived while the page was open (highlighted until the vendor answers). */
  fresh: boolean;
  busy?: boolean;
  error?: string;
}

const WAITING = 'PENDING_VENDOR_ACCEPTANCE';
const QUEUE_REFRESH_MS = 30_000;

function fromOrder(o: Order, fresh: boolean): VendorOrder {
  return {
    orderId: o.orderId,
    items: o.items,
    amount: o.amount,
    currency: o.currency,
    customerId: o.customerId,
    placedAt: o.placedAt ?? o.updatedAt ?? o.createdAt,
    status: o.status,
    statusReason: o.statusReason,
    fresh,
  };
}

function fromFrame(data: Record<string, unknown>): VendorOrder {
  return {
    orderId: String(data.orderId),
    items: Array.isArray(data.items) ? (data.items as OrderLine[]) : [],
    amount: Number(data.amount ?? 0),
    currency: String(data.currency ?? 'INR'),
    customerId: typeof data.customerId === 'string' ? data.customerId : undefined,
    placedAt: typeof data.placedAt === 'string' ? data.placedAt : new Date().toISOString(),
    status: WAITING,
    fresh: true,
  };
}

export function useVendorFeed(token: string | undefined, onArrival: (order: VendorOrder) => void) {
  const [orders, setOrders] = useState<Map<string, VendorOrder>>(new Map());
  const [socket, setSocket] = useState<SocketState>('connecting');
  /** undefined until known; false when the server has no vendor queue or answers. */
  const [answers, setAnswers] = useState<boolean>();
  const [error, setError] = useState<string>();
  const known = useRef(new Set<string>());
  const frames = useRef(new Set<string>());
  const loaded = useRef(false);
  const arrival = useRef(onArrival);
  arrival.current = onArrival;

  const merge = useCallback((incoming: VendorOrder[], cue: boolean) => {
    const arrived = incoming.filter((o) => !known.current.has(o.orderId));
    for (const o of incoming) known.current.add(o.orderId);
    setOrders((current) => {
      const next = new Map(current);
      for (const o of incoming) {
        const had = next.get(o.orderId);
        // Our own answer is never undone by an older read of the queue.
        if (had && had.status !== WAITING && o.status === WAITING) continue;
        next.set(o.orderId, had ? { ...had, ...o, fresh: had.fresh, busy: had.busy } : { ...o, fresh: cue });
      }
      return next;
    });
    if (cue) {
      for (const o of arrived) arrival.current(o);
      if (arrived.length) beep();
    }
  }, []);

  const loadQueue = useCallback(async () => {
    if (!token) return;
    try {
      const waiting = await listVendorOrders(token, WAITING);
      setAnswers(true);
      merge(
        waiting.map((o) => fromOrder(o, false)),
        loaded.current,
      );
      setError(undefined);
    } catch (err) {
      if (err instanceof ApiError && err.routeMissing) setAnswers(false);
      else setError(describeError(err));
    } finally {
      loaded.current = true;
    }
  }, [token, merge]);

  useEffect(() => {
    if (!token) return;
    known.current.clear();
    frames.current.clear();
    loaded.current = false;
    setOrders(new Map());
    void loadQueue();
    const live = new LiveSocket(token, {
      onState: setSocket,
      onOpen: () => void loadQueue(),
      onFrame: (frame: ServerFrame) => {
        if (frame.event !== 'new_order' || !frame.id || !frame.data) return;
        if (!frames.current.has(frame.id)) {
          frames.current.add(frame.id);
          merge([fromFrame(frame.data)], true);
        }
        live.ack(frame.id);
      },
    });
    live.start();
    const timer = setInterval(() => void loadQueue(), QUEUE_REFRESH_MS);
    return () => {
      clearInterval(timer);
      live.stop();
    };
  }, [token, loadQueue, merge]);

  const update = (orderId: string, patch: Partial<VendorOrder>) =>
    setOrders((current) => {
      const had = current.get(orderId);
      if (!had) return current;
      return new Map(current).set(orderId, { ...had, ...patch });
    });

  const answer = useCallback(
    async (orderId: string, call: () => Promise<Order | undefined>, status: string, reason?: string) => {
      update(orderId, { busy: true, error: undefined });
      try {
        const order = await call();
        update(orderId, { busy: false, fresh: false, status: order?.status ?? status, statusReason: order?.statusReason ?? reason ?? null });
      } catch (err) {
        if (err instanceof ApiError && err.status === 409 && token) {
          // Already answered (another tab, or the timeout): show what it is now.
          const now = await getOrder(token, orderId).catch(() => undefined);
          update(orderId, { busy: false, fresh: false, status: now?.status ?? 'ANSWERED', error: 'This order was already answered.' });
        } else update(orderId, { busy: false, error: describeError(err) });
      }
    },
    [token],
  );

  const accept = useCallback((orderId: string) => answer(orderId, () => acceptOrder(token!, orderId), 'ACCEPTED'), [answer, token]);
  const reject = useCallback((orderId: string, reason: string) => answer(orderId, () => rejectOrder(token!, orderId, reason), 'REJECTED', reason), [answer, token]);
  const seen = useCallback((orderId: string) => update(orderId, { fresh: false }), []);

  return { orders: [...orders.values()], socket, answers, error, accept, reject, seen };
}
