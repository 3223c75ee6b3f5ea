// After a run: waits until the system has nothing left in flight, then checks in the databases
// that no saga was lost, duplicated or oversold, whatever the load did to latencies. The driver's
// `errors` count what a customer or vendor saw in time; this counts what the system did.
import type { Client } from 'pg';

export interface SagaAudit {
  /** Payments Razorpay captured. */
  captured: number;
  /** Orders in PENDING_VENDOR_ACCEPTANCE. */
  placed: number;
  /** Captured payments whose order is not placed with that payment and has no refund requested. */
  capturedNotPlaced: number;
  /** Placed orders without exactly one new_order notification. */
  placedNotNotifiedOnce: number;
  /** Notifications beyond one per placed order. */
  duplicateNotifications: number;
  /** Units reserved in products that no HELD hold accounts for (or the reverse). */
  reservedMismatch: number;
  /** Units gone from stock that no SOLD hold accounts for (or the reverse). */
  soldMismatch: number;
  /** Seconds it took to become quiescent (nothing in an outbox, no webhook unprocessed, no order mid-confirmation). */
  settledSeconds: number;
  ok: boolean;
}

const n = async (pg: Client, sql: string): Promise<number> => Number((await pg.query(sql)).rows[0]?.n ?? 0);

async function inFlight(pg: Client): Promise<number> {
  // One after the other: a pg Client runs one query at a time (queueing them is deprecated).
  let outboxes = 0;
  for (const schema of ['orders', 'payments', 'catalog', 'notifications'])
    outboxes += await n(pg, `select count(*) as n from ${schema}.outbox where published_at is null`);
  return (
    outboxes +
    (await n(pg, `select count(*) as n from payments.webhook_events where status = 'RECEIVED'`)) +
    (await n(pg, `select count(*) as n from orders.orders where status = 'CONFIRMING_PAYMENT'`))
  );
}

/** Waits (up to timeoutMs) until nothing is in flight; the seconds it took. */
export async function waitUntilSettled(pg: Client, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  while ((await inFlight(pg)) > 0) {
    if (performance.now() - started > timeoutMs) break; // left as it stands: an audit's counts say what is stuck
    await new Promise((r) => setTimeout(r, 200));
  }
  return Math.round((performance.now() - started) / 100) / 10;
}

export async function auditSagas(pg: Client, initialStockUnits: number, timeoutMs = 120_000): Promise<SagaAudit> {
  const settledSeconds = await waitUntilSettled(pg, timeoutMs);
  const captured = await n(pg, `select count(*) as n from payments.payments where status = 'CAPTURED'`);
  const placed = await n(pg, `select count(*) as n from orders.orders where status = 'PENDING_VENDOR_ACCEPTANCE'`);
  const capturedNotPlaced = await n(
    pg,
    `select count(*) as n from payments.payments p left join orders.orders o on o.order_id::text = p.order_reference
      where p.status = 'CAPTURED'
        and not (o.status = 'PENDING_VENDOR_ACCEPTANCE' and o.payment_id = p.payment_id)
        and not exists (select 1 from payments.refunds r where r.payment_id = p.payment_id)`,
  );
  const placedNotNotifiedOnce = await n(
    pg,
    `select count(*) as n from orders.orders o
      where o.status = 'PENDING_VENDOR_ACCEPTANCE'
        and (select count(*) from notifications.notifications x where x.data->>'orderId' = o.order_id::text and x.event = 'new_order') <> 1`,
  );
  const duplicateNotifications = await n(
    pg,
    `select count(*) - count(distinct data->>'orderId') as n from notifications.notifications where event = 'new_order'`,
  );
  const reservedMismatch = await n(
    pg,
    `select abs((select coalesce(sum(reserved), 0) from catalog.products)
              - (select coalesce(sum(hi.quantity), 0) from catalog.hold_items hi join catalog.holds h using (order_reference) where h.status = 'HELD')) as n`,
  );
  const soldMismatch = await n(
    pg,
    `select abs((${initialStockUnits} - (select coalesce(sum(stock), 0) from catalog.products))
              - (select coalesce(sum(hi.quantity), 0) from catalog.hold_items hi join catalog.holds h using (order_reference) where h.status = 'SOLD')) as n`,
  );
  const ok =
    capturedNotPlaced === 0 &&
    placedNotNotifiedOnce === 0 &&
    duplicateNotifications === 0 &&
    reservedMismatch === 0 &&
    soldMismatch === 0;
  return {
    captured,
    placed,
    capturedNotPlaced,
    placedNotNotifiedOnce,
    duplicateNotifications,
    reservedMismatch,
    soldMismatch,
    settledSeconds,
    ok,
  };
}
