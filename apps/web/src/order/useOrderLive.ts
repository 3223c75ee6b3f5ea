// An order as it changes: read with its timeline, again on every `order_status` frame of the
// customer's socket, and polled meanwhile (the timeline has steps no frame announces, such as
// the payment being confirmed) until nothing more will happen without someone acting.
import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError, ApiError } from '../api/http';
import { getOrder, getTimeline } from '../api/orders';
import type { Order, Timeline } from '../api/types';
import { LiveSocket, type ServerFrame, type SocketState } from '../realtime/live-socket';
import { isSettled } from '../ui/order-status';

const POLL_MS = 1000;

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
  const otherOrder = useRef(onOtherOrder);
  otherOrder.current = onOtherOrder;

  const refresh = useCallback(async () => {
    if (!token || inFlight.current) return;
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
  }, [token, orderId]);

  const settled = order && timeline ? isSettled(order.status, timeline.entries.map((e) => e.step)) : false;

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (settled || notFound || !token) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [settled, notFound, token, refresh]);

  useEffect(() => {
    if (!token) return;
    const live = new LiveSocket(token, {
      onState: setSocket,
      onOpen: () => void refresh(),
      onFrame: (frame: ServerFrame) => {
        if (frame.event !== 'order_status' || !frame.id) return;
        const news = { id: frame.id, orderId: String(frame.data?.orderId ?? ''), status: String(frame.data?.status ?? '') };
        if (news.orderId === orderId) void refresh();
        else otherOrder.current?.(news);
        live.ack(frame.id);
      },
    });
    live.start();
    return () => live.stop();
  }, [token, orderId, refresh]);

  return { order, timeline, error, notFound, socket, refresh };
}
