// The demo catalog `npm start` seeds into an empty database: two vendors (food and grocery),
// a third (retail), prices in paise.
import type { Database } from '@saga/runtime';
import { productRepository } from '../repositories/product-repository';

export const DEMO_PRODUCTS = [
  { productId: 'dosa-masala', vendorId: 'vendor-udupi-kitchen', name: 'Masala Dosa', price: 12000, stock: 200 },
  {
    productId: 'idli-plate',
    vendorId: 'vendor-udupi-kitchen',
    name: 'Idli (2 pcs) with sambar',
    price: 6000,
    stock: 300,
  },
  { productId: 'filter-coffee', vendorId: 'vendor-udupi-kitchen', name: 'Filter Coffee', price: 4000, stock: 500 },
  { productId: 'atta-5kg', vendorId: 'vendor-fresh-mart', name: 'Whole Wheat Atta 5 kg', price: 29900, stock: 80 },
  { productId: 'toor-dal-1kg', vendorId: 'vendor-fresh-mart', name: 'Toor Dal 1 kg', price: 16500, stock: 120 },
  {
    productId: 'alphonso-1doz',
    vendorId: 'vendor-fresh-mart',
    name: 'Alphonso Mangoes (dozen)',
    price: 89900,
    stock: 10,
  },
  { productId: 'cotton-kurta-m', vendorId: 'vendor-weave-house', name: 'Cotton Kurta (M)', price: 149900, stock: 25 },
  { productId: 'steel-tiffin', vendorId: 'vendor-weave-house', name: 'Steel Tiffin Box', price: 54900, stock: 40 },
] as const;

/** Seeds the demo catalog when the products table is empty; returns how many products were added. */
export function seedDemoCatalog(db: Database): Promise<number> {
  return productRepository.seedIfEmpty(db, DEMO_PRODUCTS);
}
