// An order as it changes: read with its timeline, again on every `order_status` frame of the
// customer's socket, and polled meanwhile (the timeline has steps no frame announces, such as
// the payment being confirmed) until nothing more will happen without someone acting.
import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError, ApiError } from '../api/http';
import { getOrder, getTimeline } from '../api/orders';
import type { Order, Timeline } from '../api/types';
import { LiveSocket, type ServerFrame, type SocketState } from '../realtime/live-socket';
import { isSettled } from '../ui/order-status';

/** Every second without the socket; with it, frames announce each change and the poll is a safety net. */
const POLL_MS = 1000;
const POLL_WITH_SOCKET_MS = 5000;

export interface OrderNews {
  id: string;
  orderId: string;
  status: string;
}

export function useOrderLive(token: string | undefined, orderId: string, onOtherOrder?: (news: OrderNews) => void) {
  const [order, setOrder] = useState<Order>();
  const [timeline, setTimeline] = useState<Timeline>();
  const [error, setError] = useState<string>();
  const [notFound, setNotFound] = useState(false);
  const [socket, setSocket] = useState<SocketState>('connecting');
  const inFlight = useRef(false);
  const again = useRef(false);
  const otherOrder = useRef(onOtherOrder);
  otherOrder.current = onOtherOrder;

  const refresh = useCallback(async (): Promise<void> => {
    if (!token) return;
    // A frame during a read may announce what that read missed: read once more after it.
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    try {
      const [o, t] = await Promise.all([getOrder(token, orderId), getTimeline(token, orderId)]);
      setOrder(o);
      setTimeline(t);
      setError(undefined);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setNotFound(true);
      else setError(describeError(err));
    } finally {
      inFlight.current = false;
    }
    if (again.current) {
      again.current = false;
      await refresh();
    }
  }, [token, orderId]);

  const settled =
    order && timeline
      ? isSettled(
          order.status,
          timeline.entries.map((e) => e.step),
        )
      : false;

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const live = socket === 'connected';
  useEffect(() => {
    if (settled || notFound || !token) return;
    const timer = setInterval(
      () => {
        if (document.visibilityState === 'visible') void refresh();
      },
      live ? POLL_WITH_SOCKET_MS : POLL_MS,
    );
    return () => clearInterval(timer);
  }, [settled, notFound, token, refresh, live]);

  useEffect(() => {
    if (!token) return;
    const ws = new LiveSocket(token, {
      onState: setSocket,
      onOpen: () => void refresh(),
      onFrame: (frame: ServerFrame) => {
        if (frame.event !== 'order_status' || !frame.id) return;
        const news = {
          id: frame.id,
          orderId: String(frame.data?.orderId ?? ''),
          status: String(frame.data?.status ?? ''),
        };
        if (news.orderId === orderId) void refresh();
        else otherOrder.current?.(news);
        ws.ack(frame.id);
      },
    });
    ws.start();
    return () => ws.stop();
  }, [token, orderId, refresh]);

  return { order, timeline, error, notFound, socket, refresh };
}
