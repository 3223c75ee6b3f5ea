// The demo catalog `npm start` seeds into an empty database: two vendors (food and grocery),
// a third (retail), prices in paise.
import type { Database } from '@saga/runtime';

export const DEMO_PRODUCTS = [
  { productId: 'dosa-masala', vendorId: 'vendor-udupi-kitchen', name: 'Masala Dosa', price: 12000, stock: 200 },
  { productId: 'idli-plate', vendorId: 'vendor-udupi-kitchen', name: 'Idli (2 pcs) with sambar', price: 6000, stock: 300 },
  { productId: 'filter-coffee', vendorId: 'vendor-udupi-kitchen', name: 'Filter Coffee', price: 4000, stock: 500 },
  { productId: 'atta-5kg', vendorId: 'vendor-fresh-mart', name: 'Whole Wheat Atta 5 kg', price: 29900, stock: 80 },
  { productId: 'toor-dal-1kg', vendorId: 'vendor-fresh-mart', name: 'Toor Dal 1 kg', price: 16500, stock: 120 },
  { productId: 'alphonso-1doz', vendorId: 'vendor-fresh-mart', name: 'Alphonso Mangoes (dozen)', price: 89900, stock: 10 },
  { productId: 'cotton-kurta-m', vendorId: 'vendor-weave-house', name: 'Cotton Kurta (M)', price: 149900, stock: 25 },
  { productId: 'steel-tiffin', vendorId: 'vendor-weave-house', name: 'Steel Tiffin Box', price: 54900, stock: 40 },
] as const;

/** Seeds the demo catalog when the products table is empty; returns how many products were added. */
export async function seedDemoCatalog(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    // The lock makes two replicas booting at once seed exactly once.
    await tx.query('select pg_advisory_xact_lock(hashtext(?))', ['seed:catalog']);
    const [{ count }] = (await tx.query<{ count: string }>('select count(*) from products')) as [{ count: string }];
    if (Number(count) > 0) return 0;
    for (const p of DEMO_PRODUCTS) {
      await tx.query('insert into products (product_id, vendor_id, name, price_paise, stock) values (?, ?, ?, ?, ?)', [
        p.productId, p.vendorId, p.name, p.price, p.stock,
      ]);
    }
    return DEMO_PRODUCTS.length;
  });
}
