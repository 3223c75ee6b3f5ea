/** A products row as PostgreSQL returns it (bigint comes back as a string). */
export interface ProductRow {
  product_id: string;
  vendor_id: string;
  name: string;
  price_paise: string | number;
  stock: number;
  reserved: number;
}

export const PRODUCT_COLUMNS = 'product_id, vendor_id, name, price_paise, stock, reserved';

export function paise(value: string | number): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`amount ${value} is not a safe integer of paise`);
  return n;
}
