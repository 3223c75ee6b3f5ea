import { defineEntity } from '@mikro-orm/core';

/** A checkout and the order it becomes (the saga's state). */
export const Order = defineEntity({
  name: 'Order',
  tableName: 'orders',
  properties: (p) => ({
    orderId: p.uuid().primary(),
    customerId: p.text(),
    vendorId: p.text(),
    status: p.enum([
      'CHECKOUT',
      'CONFIRMING_PAYMENT',
      'PENDING_VENDOR_ACCEPTANCE',
      'ACCEPTED',
      'REJECTED',
      'PAYMENT_FAILED',
      'CANCELLED',
      'EXPIRED',
    ]),
    statusReason: p.text().nullable(),
    amountPaise: p.bigint('number'),
    currency: p.text(),
    items: p.json<unknown>().columnType('jsonb'),
    providerOrderId: p.text().nullable().unique('orders_provider_order_id_key'),
    paymentId: p.text().nullable(),
    expiresAt: p.datetime().columnType('timestamptz'),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    /** When the order reached PENDING_VENDOR_ACCEPTANCE: the vendor's answer is due a setting later. */
    placedAt: p.datetime().columnType('timestamptz').nullable(),
    answeredAt: p.datetime().columnType('timestamptz').nullable(),
    /** The stored cart's revision a checkout took, cleared once the order is placed. */
    cartRevision: p.text().nullable(),
    /** The expiry sweep's lease and next look at the gateway; `expiryChecks` counts the looks. */
    expiryNextCheckAt: p.datetime().columnType('timestamptz').nullable(),
    expiryChecks: p.integer().default(0),
  }),
  checks: [{ name: 'orders_amount_paise_check', expression: 'amount_paise > 0' }],
  indexes: [
    {
      name: 'orders_open_idx',
      expression: (table, _, name) => `create index ${name} on ${table} (expires_at) where status = 'CHECKOUT'`,
    },
    {
      name: 'orders_customer_idx',
      expression: (table, _, name) => `create index ${name} on ${table} (customer_id, created_at desc)`,
    },
    {
      name: 'orders_awaiting_vendor_idx',
      expression: (table, _, name) =>
        `create index ${name} on ${table} (placed_at) where status = 'PENDING_VENDOR_ACCEPTANCE'`,
    },
    {
      name: 'orders_vendor_idx',
      expression: (table, _, name) => `create index ${name} on ${table} (vendor_id, created_at desc, order_id desc)`,
    },
    {
      name: 'orders_cart_revision_idx',
      expression: (table, _, name) =>
        `create index ${name} on ${table} (customer_id, cart_revision) where cart_revision is not null`,
    },
  ],
});
