import { defineEntity } from '@mikro-orm/core';
import { Hold } from './hold';
import { Product } from './product';

/** One product line of a hold, at the price it was held at. */
export const HoldItem = defineEntity({
  name: 'HoldItem',
  tableName: 'hold_items',
  properties: (p) => ({
    hold: p
      .manyToOne(Hold)
      .fieldName('order_reference')
      .foreignKeyName('hold_items_order_reference_fkey')
      .primary()
      .updateRule('no action')
      .deleteRule('no action'),
    product: p
      .manyToOne(Product)
      .fieldName('product_id')
      .foreignKeyName('hold_items_product_id_fkey')
      .primary()
      .updateRule('no action')
      .deleteRule('no action'),
    quantity: p.integer(),
    unitPricePaise: p.bigint('number'),
  }),
  primaryKeys: ['hold', 'product'],
  checks: [{ name: 'hold_items_quantity_check', expression: 'quantity > 0' }],
});
