import type { Router } from 'express';
import type { Database } from '@saga/runtime';
import { paise, PRODUCT_COLUMNS, type ProductRow } from './product-row';

export function listProductsRoute(router: Router, db: Database): void {
  router.get('/api/v1/products', async (_req, res) => {
    const rows = await db.query<ProductRow>(`select ${PRODUCT_COLUMNS} from products where active order by vendor_id, name`);
    res.json(
      rows.map((r) => ({
        productId: r.product_id,
        vendorId: r.vendor_id,
        name: r.name,
        price: paise(r.price_paise),
        currency: 'INR',
        availableQuantity: r.stock - r.reserved,
      })),
    );
  });
}
