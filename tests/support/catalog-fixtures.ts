// Putting products on sale and reading their stock, straight in the catalog's tables: what every
// system-level test needs, whichever runtime the system runs in.
export type Sql = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

export function catalogFixtures(sql: Sql) {
  return {
    async addProduct(p: {
      productId: string;
      vendorId: string;
      price: number;
      stock: number;
      name?: string;
    }): Promise<void> {
      await sql(
        'insert into catalog.products (product_id, vendor_id, name, price_paise, stock) values ($1, $2, $3, $4, $5)',
        [p.productId, p.vendorId, p.name ?? p.productId, p.price, p.stock],
      );
    },
    async stockOf(productId: string): Promise<{ stock: number; reserved: number }> {
      const [row] = await sql<{ stock: number; reserved: number }>(
        'select stock, reserved from catalog.products where product_id = $1',
        [productId],
      );
      if (!row) throw new Error(`no product ${productId}`);
      return row;
    },
  };
}
