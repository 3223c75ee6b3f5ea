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
  /** When the order is rejected automatically unless answered. */
  dueAt?: string;
  status: string;
  statusReason?: string | null;
  /** Arrived while the page was open (highlighted until the vendor answers). */
  fresh: boolean;
  busy?: boolean;
  error?: string;
}

const WAITING = 'PENDING_VENDOR_ACCEPTANCE';
const ANSWERED = ['ACCEPTED', 'REJECTED'];
const QUEUE_REFRESH_MS = 30_000;
/** How long to wait for the pong that ends a replay before showing what came (an old server). */
const REPLAY_WAIT_MS = 3000;

function fromOrder(o: Order, fresh: boolean): VendorOrder {
  return {
    orderId: o.orderId,
    items: o.items,
    amount: o.amount,
    currency: o.currency,
    customerId: o.customerId,
    placedAt: o.placedAt ?? o.createdAt,
    dueAt: o.vendorAnswerDueAt ?? undefined,
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
  const current = useRef(orders);
  current.current = orders;
  const seenFrames = useRef(new Set<string>());
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

  const update = useCallback(
    (orderId: string, patch: Partial<VendorOrder>) =>
      setOrders((all) => {
        const had = all.get(orderId);
        if (!had) return all;
        return new Map(all).set(orderId, { ...had, ...patch });
      }),
    [],
  );

  const loadQueue = useCallback(async () => {
    if (!token) return;
    try {
      const waiting = await listVendorOrders(token, WAITING);
      setAnswers(true);
      // Shown as waiting here but no longer in the queue: answered elsewhere, or timed out.
      const inQueue = new Set(waiting.map((o) => o.orderId));
      const gone = [...current.current.values()].filter((o) => o.status === WAITING && !inQueue.has(o.orderId));
      const now = await Promise.all(gone.map((o) => getOrder(token, o.orderId).catch(() => undefined)));
      for (const o of now)
        if (o && o.status !== WAITING)
          update(o.orderId, { status: o.status, statusReason: o.statusReason, fresh: false });
      merge(
        waiting.map((o) => fromOrder(o, false)),
        loaded.current,
      );
      if (!loaded.current) {
        // The recent answers, so a reloaded dashboard shows what was done today.
        const answered = await Promise.all(ANSWERED.map((s) => listVendorOrders(token, s, 10).catch(() => [])));
        merge(
          answered.flat().map((o) => fromOrder(o, false)),
          false,
        );
      }
      setError(undefined);
    } catch (err) {
      if (err instanceof ApiError && err.routeMissing) setAnswers(false);
      else setError(describeError(err));
    } finally {
      loaded.current = true;
    }
  }, [token, merge, update]);

  useEffect(() => {
    if (!token) return;
    known.current.clear();
    seenFrames.current.clear();
    loaded.current = false;
    setOrders(new Map());
    void loadQueue();
    let reread: ReturnType<typeof setTimeout> | undefined;
    const seen = seenFrames.current;
    // What the server replays on (re)connecting arrives frame by frame until the pong that answers
    // our ping: shown as one batch, so a catch-up gets one cue, not one per order.
    let replay: ServerFrame[] | undefined;
    let replayTimer: ReturnType<typeof setTimeout> | undefined;
    const show = (frames: ServerFrame[]) => {
      const fresh = frames.filter((f) => !seen.has(f.id!));
      for (const f of fresh) seen.add(f.id!);
      if (fresh.length) {
        merge(
          fresh.map((f) => fromFrame(f.data!)),
          true,
        );
        // The queue has what a frame does not carry (when the answer is due): read it once the burst is over.
        clearTimeout(reread);
        reread = setTimeout(() => void loadQueue(), 300);
      }
      for (const f of frames) live.ack(f.id!);
    };
    const endReplay = () => {
      clearTimeout(replayTimer);
      const frames = replay ?? [];
      replay = undefined;
      show(frames);
    };
    const live = new LiveSocket(token, {
      onState: setSocket,
      onOpen: () => {
        replay = [];
        live.ping();
        replayTimer = setTimeout(endReplay, REPLAY_WAIT_MS);
        void loadQueue();
      },
      onFrame: (frame: ServerFrame) => {
        if (frame.event === 'pong' && replay) endReplay();
        if (frame.event !== 'new_order' || !frame.id || !frame.data) return;
        if (replay) replay.push(frame);
        else show([frame]);
      },
    });
    live.start();
    const timer = setInterval(() => void loadQueue(), QUEUE_REFRESH_MS);
    return () => {
      clearInterval(timer);
      clearTimeout(reread);
      clearTimeout(replayTimer);
      live.stop();
    };
  }, [token, loadQueue, merge]);

  const answer = useCallback(
    async (orderId: string, call: () => Promise<Order | undefined>, status: string, reason?: string) => {
      update(orderId, { busy: true, error: undefined });
      try {
        const order = await call();
        update(orderId, {
          busy: false,
          fresh: false,
          status: order?.status ?? status,
          statusReason: order?.statusReason ?? reason ?? null,
        });
      } catch (err) {
        if (err instanceof ApiError && err.status === 409 && token) {
          // Already answered (another tab, or the timeout): show what it is now.
          const now = await getOrder(token, orderId).catch(() => undefined);
          update(orderId, {
            busy: false,
            fresh: false,
            status: now?.status ?? 'ANSWERED',
            error: 'This order was already answered.',
          });
        } else update(orderId, { busy: false, error: describeError(err) });
      }
    },
    [token, update],
  );

  // `answer` reports its own failures on the card, so the click handlers need not wait for it.
  const accept = useCallback(
    (orderId: string) => void answer(orderId, () => acceptOrder(token!, orderId), 'ACCEPTED'),
    [answer, token],
  );
  const reject = useCallback(
    (orderId: string, reason: string) =>
      void answer(orderId, () => rejectOrder(token!, orderId, reason), 'REJECTED', reason),
    [answer, token],
  );
  const seen = useCallback((orderId: string) => update(orderId, { fresh: false }), [update]);

  return { orders: [...orders.values()], socket, answers, error, accept, reject, seen };
}
