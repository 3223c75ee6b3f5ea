// What the benchmark sells: VENDORS vendors with PRODUCTS_PER_VENDOR products each, stocked so
// that no run runs out. Customer n buys 1 to 3 lines from vendor n % VENDORS.
import type { Cart } from './saga-driver';

export const VENDORS = 8;
export const PRODUCTS_PER_VENDOR = 4;
/** Units of each product at the start: no run sells out. */
export const STOCK_PER_PRODUCT = 100_000_000;

export const productId = (vendor: number, product: number) => `bench-v${vendor}-p${product}`;
export const vendorId = (vendor: number) => `bench-vendor-${vendor}`;

export function cartFor(n: number, tokens: string[]): Cart {
  const vendor = n % VENDORS;
  const lines = 1 + (n % 3);
  return {
    token: tokens[n % tokens.length] as string,
    cartItems: Array.from({ length: lines }, (_, i) => ({
      productId: productId(vendor, i),
      quantity: 1 + ((n + i) % 2),
    })),
  };
}
