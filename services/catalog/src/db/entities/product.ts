import { defineEntity } from '@mikro-orm/core';

/**
 * Stock is `stock` (on hand, not yet sold) and `reserved` (held for open checkouts); what can be
 * sold is stock - reserved. The checks keep reserved within stock: even a bug cannot oversell.
 */
export const Product = defineEntity({
  name: 'Product',
  tableName: 'products',
  properties: (p) => ({
    productId: p.text().primary(),
    vendorId: p.text(),
    name: p.text(),
    pricePaise: p.bigint('number'),
    currency: p.enum(['INR']).default('INR'),
    stock: p.integer(),
    reserved: p.integer().default(0),
    active: p.boolean().default(true),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  }),
  checks: [
    { name: 'products_price_paise_check', expression: 'price_paise >= 0' },
    { name: 'products_stock_check', expression: 'stock >= 0' },
    { name: 'products_check', expression: 'reserved >= 0 and reserved <= stock' },
  ],
});
