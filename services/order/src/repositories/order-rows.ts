// The order's rows as the repositories hand them out, each with the one function that maps what
// the driver returns to it. Nothing outside src/repositories/ sees a raw row.
// Their fields are typed from the entities (db/entities), the schema's single source; they keep
// the columns' names, which decide() and the hand-written statements share.
import type { InferEntity } from '@mikro-orm/core';
import { OrderStatus, PricedLine } from '@saga/contracts';
import { jsonValue } from '@saga/runtime';
import { z } from 'zod';
import type { Order, OrderTimelineEntry } from '../db/entities';

type OrderEntity = InferEntity<typeof Order>;
type TimelineEntity = InferEntity<typeof OrderTimelineEntry>;
/** A nullable column: null when empty, as pg returns it. */
type Nullable<T> = NonNullable<T> | null;

export interface OrderRow {
  order_id: OrderEntity['orderId'];
  customer_id: OrderEntity['customerId'];
  vendor_id: OrderEntity['vendorId'];
  status: OrderEntity['status'];
  status_reason: Nullable<OrderEntity['statusReason']>;
  /** jsonb in the entity (any JSON): validated as the contract's priced lines. */
  items: PricedLine[];
  /** bigint: text as pg returns it to the hand-written statements. */
  amount_paise: string;
  currency: 'INR';
  provider_order_id: Nullable<OrderEntity['providerOrderId']>;
  payment_id: Nullable<OrderEntity['paymentId']>;
  created_at: OrderEntity['createdAt'] | string;
  updated_at: OrderEntity['updatedAt'] | string;
  expires_at: OrderEntity['expiresAt'] | string;
  placed_at: Nullable<OrderEntity['placedAt'] | string>;
  answered_at: Nullable<OrderEntity['answeredAt'] | string>;
}

// Named columns, not `*`: the statement can then be prepared (see the runtime's database.ts).
export const ORDER_COLUMNS =
  'order_id, customer_id, vendor_id, status, status_reason, items, amount_paise, currency, provider_order_id, payment_id, created_at, updated_at, expires_at, placed_at, answered_at';

/** The columns the confirmation of a payment reads. */
export type ConfirmingOrder = Pick<
  OrderRow,
  'order_id' | 'customer_id' | 'vendor_id' | 'status' | 'amount_paise' | 'currency' | 'items' | 'payment_id'
>;
export const CONFIRMING_ORDER_COLUMNS =
  'order_id, customer_id, vendor_id, status, amount_paise, currency, items, payment_id';

/** The order as decide() needs to know it, with its id: what an event's order reference names. */
export type ReferencedOrder = Pick<OrderRow, 'order_id' | 'status' | 'payment_id' | 'amount_paise' | 'currency'>;
export const REFERENCED_ORDER_COLUMNS = 'order_id, status, payment_id, amount_paise, currency';

/** Who an order's news goes to, and where the order stands. */
export type OrderParties = Pick<OrderRow, 'customer_id' | 'vendor_id' | 'status'>;

/** A checkout past its expiry, claimed by the sweep. */
export interface DueCheckout extends ReferencedOrder {
  provider_order_id: string | null;
  expires_at: Date | string;
  /** Looks at this order so far, this one included. */
  expiry_checks: number;
}
export const DUE_CHECKOUT_COLUMNS =
  'order_id, status, payment_id, amount_paise, currency, provider_order_id, expires_at, expiry_checks';

/** An order's row on its timeline. */
export interface TimelineRow {
  step: TimelineEntity['step'];
  at: TimelineEntity['at'] | string;
  /** jsonb in the entity: an object or nothing. */
  detail: Record<string, unknown> | null;
}

/** An order as the cart it was checked out from knows it. */
export interface OrderCartLink {
  customer_id: string;
  cart_revision: string | null;
}

type Raw = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Order ids are uuids; PostgreSQL refuses to compare anything else with the column (22P02). */
export const isOrderId = (id: string) => UUID.test(id);

const STATUSES: ReadonlySet<string> = new Set(OrderStatus.options);
const Items = z.array(PricedLine);
const Detail = z.record(z.string(), z.unknown()).nullable();

const text = (v: unknown): string => String(v);
const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const time = (v: unknown): Date | string => (v instanceof Date ? v : String(v));
const timeOrNull = (v: unknown): Date | string | null => (v === null || v === undefined ? null : time(v));
function status(v: unknown): OrderStatus {
  if (typeof v !== 'string' || !STATUSES.has(v)) throw new Error(`orders.status holds an unknown status: ${String(v)}`);
  return v as OrderStatus;
}
function currency(v: unknown): 'INR' {
  if (v !== 'INR') throw new Error(`orders.currency holds an unknown currency: ${String(v)}`);
  return v;
}
// jsonb: validated, as the column takes any JSON.
const items = (v: unknown): PricedLine[] => Items.parse(jsonValue(v));

const referenced = (r: Raw): ReferencedOrder => ({
  order_id: text(r.order_id),
  status: status(r.status),
  payment_id: textOrNull(r.payment_id),
  amount_paise: text(r.amount_paise),
  currency: currency(r.currency),
});

export function toOrderRow(r: Raw): OrderRow {
  return {
    ...referenced(r),
    customer_id: text(r.customer_id),
    vendor_id: text(r.vendor_id),
    status_reason: textOrNull(r.status_reason),
    items: items(r.items),
    provider_order_id: textOrNull(r.provider_order_id),
    created_at: time(r.created_at),
    updated_at: time(r.updated_at),
    expires_at: time(r.expires_at),
    placed_at: timeOrNull(r.placed_at),
    answered_at: timeOrNull(r.answered_at),
  };
}

export function toConfirmingOrder(r: Raw): ConfirmingOrder {
  return { ...referenced(r), customer_id: text(r.customer_id), vendor_id: text(r.vendor_id), items: items(r.items) };
}

export const toReferencedOrder = referenced;

/** The managed entity (an EntityManager read) to a plain row: nothing of the unit of work leaks out. */
export function fromOrderEntity(e: OrderEntity): OrderRow {
  return {
    order_id: e.orderId,
    customer_id: e.customerId,
    vendor_id: e.vendorId,
    status: status(e.status),
    status_reason: e.statusReason ?? null,
    items: items(e.items),
    amount_paise: String(e.amountPaise),
    currency: currency(e.currency),
    provider_order_id: e.providerOrderId ?? null,
    payment_id: e.paymentId ?? null,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
    expires_at: e.expiresAt,
    placed_at: e.placedAt ?? null,
    answered_at: e.answeredAt ?? null,
  };
}

export function fromTimelineEntity(e: TimelineEntity): TimelineRow {
  return { step: e.step, at: e.at, detail: Detail.parse(jsonValue(e.detail ?? null)) };
}

export function toOrderParties(r: Raw): OrderParties {
  return { customer_id: text(r.customer_id), vendor_id: text(r.vendor_id), status: status(r.status) };
}

export function toDueCheckout(r: Raw): DueCheckout {
  return {
    ...referenced(r),
    provider_order_id: textOrNull(r.provider_order_id),
    expires_at: time(r.expires_at),
    expiry_checks: Number(r.expiry_checks),
  };
}

export function toOrderCartLink(r: Raw): OrderCartLink {
  return { customer_id: text(r.customer_id), cart_revision: textOrNull(r.cart_revision) };
}

/** An order on a page of a list, with its keyset key: created_at as PostgreSQL prints it (microseconds). */
export interface ListedOrderRow extends OrderRow {
  created_key: string;
}

export function toListedOrderRow(r: Raw): ListedOrderRow {
  return { ...toOrderRow(r), created_key: text(r.created_key) };
}
