// The Hold aggregate: a checkout's stock held for one order (holds, and its lines in hold_items) until
// it is sold, released or expires, and the stock movements each of those makes on products. Every
// statement here is on the saga's path (checkout's hold, the sale, a release or expiry) and is
// hand-written: a query builder per statement cost 55 vs 38 ms CPU per saga (BENCHMARKS.md at 25d6c19).
import type { InferEntity } from '@mikro-orm/core';
import type { PricedLine } from '@saga/contracts';
import { type Queryable, isoTime } from '@saga/runtime';
import type { Hold } from '../db/entities';
import { paise } from './product-repository';

export type HoldStatus = InferEntity<typeof Hold>['status'];
export type ClosedStatus = Extract<HoldStatus, 'RELEASED' | 'EXPIRED'>;

export interface HoldState {
  status: HoldStatus;
  expiresAt: string;
}

/** A held line with its product's name and vendor, at the price it was held at. */
export type HeldLine = PricedLine;

/** A hold's line next to the stock still free for it (`stock - reserved`, possibly negative). */
export interface LineAgainstFreeStock {
  productId: string;
  quantity: number;
  free: number;
}

interface HoldStateRow {
  status: HoldStatus;
  expires_at: Date | string;
}
const toHoldState = (row: HoldStateRow): HoldState => ({ status: row.status, expiresAt: isoTime(row.expires_at) });

interface HeldLineRow {
  product_id: string;
  vendor_id: string;
  name: string;
  quantity: number;
  unit_price_paise: string | number;
}
function toHeldLine(row: HeldLineRow): HeldLine {
  const unitPrice = paise(row.unit_price_paise);
  return {
    productId: row.product_id,
    vendorId: row.vendor_id,
    name: row.name,
    quantity: row.quantity,
    unitPrice,
    lineTotal: unitPrice * row.quantity,
  };
}

interface FreeStockRow {
  product_id: string;
  quantity: number;
  free: number;
}
const toLineAgainstFreeStock = (row: FreeStockRow): LineAgainstFreeStock => ({
  productId: row.product_id,
  quantity: row.quantity,
  free: Number(row.free),
});

export const holdRepository = {
  /** Claims the order reference with a new HELD hold; undefined (and nothing written) when it has one already. */
  async claim(tx: Queryable, orderReference: string, holdSeconds: number): Promise<{ expiresAt: string } | undefined> {
    // Hot (checkout): hand-written SQL, see the header.
    const [row] = await tx.query<{ expires_at: Date | string }>(
      `insert into holds (order_reference, status, expires_at) values ($1, 'HELD', now() + make_interval(secs => $2))
       on conflict (order_reference) do nothing returning expires_at`,
      [orderReference, holdSeconds],
    );
    return row && { expiresAt: isoTime(row.expires_at) };
  },

  /** Reserves each line's quantity on its product and records the lines on the hold, in one statement. */
  reserve(tx: Queryable, orderReference: string, lines: PricedLine[]): Promise<void> {
    // Hot (checkout): hand-written SQL, see the header; one statement for both writes, as each costs about as much as its work here.
    return tx.send(
      `with reserve as (
         update products p set reserved = p.reserved + v.qty, updated_at = now()
           from unnest($2::text[], $3::int[]) as v(id, qty) where p.product_id = v.id
       )
       insert into hold_items (order_reference, product_id, quantity, unit_price_paise)
         select $1, l.id, l.qty, l.price from unnest($2::text[], $3::int[], $4::bigint[]) as l(id, qty, price)`,
      [orderReference, lines.map((l) => l.productId), lines.map((l) => l.quantity), lines.map((l) => l.unitPrice)],
    );
  },

  async find(q: Queryable, orderReference: string): Promise<HoldState | undefined> {
    // Hot (checkout replay, release): hand-written SQL, see the header.
    const [row] = await q.query<HoldStateRow>('select status, expires_at from holds where order_reference = $1', [
      orderReference,
    ]);
    return row && toHoldState(row);
  },

  /** The hold's status, its row locked until the transaction ends. */
  async lockStatus(tx: Queryable, orderReference: string): Promise<HoldStatus | undefined> {
    // Hot (sale): hand-written SQL, see the header.
    const [row] = await tx.query<{ status: HoldStatus }>(
      'select status from holds where order_reference = $1 for update',
      [orderReference],
    );
    return row?.status;
  },

  /** The hold's lines, by product id. */
  async lines(q: Queryable, orderReference: string): Promise<HeldLine[]> {
    // Hot (checkout replay): hand-written SQL, see the header.
    const rows = await q.query<HeldLineRow>(
      `select hi.product_id, p.vendor_id, p.name, hi.quantity, hi.unit_price_paise
         from hold_items hi join products p using (product_id) where hi.order_reference = $1 order by hi.product_id`,
      [orderReference],
    );
    return rows.map(toHeldLine);
  },

  /**
   * Locks the products that the given holds name, in product id order. Every path that locks several
   * products takes them in this order (the hold itself does), so a sale, a release or the expiry
   * sweep never deadlocks with a checkout holding the same products. An UPDATE ... FROM hold_items
   * alone would lock them in whatever order its join produces, and a sweep closing holds one after
   * the other would lock them hold by hold.
   */
  lockProductsOf(tx: Queryable, orderReferences: string[]): Promise<void> {
    // Hot (sale, release): hand-written SQL, see the header.
    return tx.send(
      `select 1 from products where product_id in (select product_id from hold_items where order_reference = any($1::text[]))
        order by product_id for update`,
      [orderReferences],
    );
  },

  /** A HELD hold becomes SOLD: its units leave `reserved` and `stock` together. */
  async sellHeld(tx: Queryable, orderReference: string): Promise<void> {
    // Hot (sale): hand-written SQL, see the header.
    await tx.send(
      `update products p set stock = p.stock - hi.quantity, reserved = p.reserved - hi.quantity, updated_at = now()
         from hold_items hi where hi.order_reference = $1 and hi.product_id = p.product_id`,
      [orderReference],
    );
    // Hot (sale): hand-written SQL, see the header.
    await tx.send(`update holds set status = 'SOLD', updated_at = now() where order_reference = $1`, [orderReference]);
  },

  /** A lapsed hold's lines against the stock still free, the products locked (in id order). */
  async linesAgainstFreeStock(tx: Queryable, orderReference: string): Promise<LineAgainstFreeStock[]> {
    // On the saga's path (a sale after the hold lapsed): hand-written SQL, see the header.
    const rows = await tx.query<FreeStockRow>(
      `select hi.product_id, hi.quantity, p.stock - p.reserved as free
         from hold_items hi join products p using (product_id) where hi.order_reference = $1 order by hi.product_id for update of p`,
      [orderReference],
    );
    return rows.map(toLineAgainstFreeStock);
  },

  /** A lapsed hold is sold from free stock (the caller checked there is enough, under the products' locks). */
  async sellFromFreeStock(tx: Queryable, orderReference: string, lines: LineAgainstFreeStock[]): Promise<void> {
    for (const line of lines) {
      // On the saga's path (a sale after the hold lapsed): hand-written SQL, see the header.
      await tx.send('update products set stock = stock - $1, updated_at = now() where product_id = $2', [
        line.quantity,
        line.productId,
      ]);
    }
    // On the saga's path (a sale after the hold lapsed): hand-written SQL, see the header.
    await tx.send(
      `update holds set status = 'SOLD', reason = 'sold after the hold lapsed', updated_at = now() where order_reference = $1`,
      [orderReference],
    );
  },

  /** Closes a HELD hold (once); false when it is not HELD. Its stock is not given back yet: see returnReserved. */
  async close(tx: Queryable, orderReference: string, status: ClosedStatus, reason: string): Promise<boolean> {
    // Hot (release, expiry): hand-written SQL, see the header.
    const closed = await tx.query<{ order_reference: string }>(
      `update holds set status = $1, reason = $2, updated_at = now() where order_reference = $3 and status = 'HELD' returning order_reference`,
      [status, reason, orderReference],
    );
    return closed.length > 0;
  },

  /** A closed hold's units leave `reserved` (back on sale). */
  returnReserved(tx: Queryable, orderReference: string): Promise<void> {
    // Hot (release, expiry): hand-written SQL, see the header.
    return tx.send(
      `update products p set reserved = p.reserved - hi.quantity, updated_at = now()
         from hold_items hi where hi.order_reference = $1 and hi.product_id = p.product_id`,
      [orderReference],
    );
  },

  /**
   * Marks a SOLD hold restocked, once: false when it was never sold (unknown order, released hold) or
   * is restocked already. Claimed in the same statement that checks it, so a replayed OrderRejected finds nothing.
   */
  async claimRestock(tx: Queryable, orderReference: string): Promise<boolean> {
    // On the saga's path (a rejected order): hand-written SQL, see the header.
    const claimed = await tx.query<{ order_reference: string }>(
      `update holds set restocked_at = now(), updated_at = now()
         where order_reference = $1 and status = 'SOLD' and restocked_at is null returning order_reference`,
      [orderReference],
    );
    return claimed.length > 0;
  },

  /** A sold hold's units go back to `stock`. */
  restock(tx: Queryable, orderReference: string): Promise<void> {
    // On the saga's path (a rejected order): hand-written SQL, see the header.
    return tx.send(
      `update products p set stock = p.stock + hi.quantity, updated_at = now()
         from hold_items hi where hi.order_reference = $1 and hi.product_id = p.product_id`,
      [orderReference],
    );
  },

  /**
   * Up to `limit` HELD holds past their expiry, oldest first, locked; SKIP LOCKED lets several
   * replicas sweep at once without taking the same hold twice.
   */
  async lockExpired(tx: Queryable, limit: number): Promise<string[]> {
    // The expiry sweep needs FOR UPDATE SKIP LOCKED, which reads plainest as SQL.
    const rows = await tx.query<{ order_reference: string }>(
      `select order_reference from holds where status = 'HELD' and expires_at <= now() order by expires_at limit $1 for update skip locked`,
      [limit],
    );
    return rows.map((r) => r.order_reference);
  },
};
