// The Product aggregate: prices (paise) and stock (`stock` on hand, `reserved` held for open checkouts).
// The catalog's only SQL about products lives here; holds move stock through hold-repository.ts.
import type { InferEntity } from '@mikro-orm/core';
import type { Database, Queryable } from '@saga/runtime';
import { Product as ProductEntity } from '../db/entities';

/** What the catalog reads of a product: the entity's own fields (db/entities/product.ts). */
export type Product = Pick<
  InferEntity<typeof ProductEntity>,
  'productId' | 'vendorId' | 'name' | 'pricePaise' | 'stock' | 'reserved'
>;

export interface NewProduct {
  productId: string;
  vendorId: string;
  name: string;
  price: number;
  stock: number;
}

/** A products row as pg returns it to the hand-written statements (bigint comes back as text). */
interface ProductRow {
  product_id: string;
  vendor_id: string;
  name: string;
  price_paise: string | number;
  stock: number;
  reserved: number;
}

const PRODUCT_COLUMNS = 'product_id, vendor_id, name, price_paise, stock, reserved';

export function paise(value: string | number): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`amount ${value} is not a safe integer of paise`);
  return n;
}

const toProduct = (row: ProductRow): Product => ({
  productId: row.product_id,
  vendorId: row.vendor_id,
  name: row.name,
  pricePaise: paise(row.price_paise),
  stock: row.stock,
  reserved: row.reserved,
});

/** The managed entity to a plain Product (nothing of the unit of work leaks out). */
const fromEntity = (entity: Product): Product => ({
  productId: entity.productId,
  vendorId: entity.vendorId,
  name: entity.name,
  pricePaise: paise(entity.pricePaise),
  stock: entity.stock,
  reserved: entity.reserved,
});

export const productRepository = {
  /** The active products among these ids, in id order; `lock` takes their rows in that order (no deadlocks between carts). */
  async findActive(q: Queryable, productIds: string[], lock: boolean): Promise<Product[]> {
    // Hot (checkout), hand-written: a query builder per statement cost 55 vs 38 ms CPU per saga (BENCHMARKS.md at 25d6c19).
    const rows = await q.query<ProductRow>(
      `select ${PRODUCT_COLUMNS} from products where active and product_id = any($1::text[]) order by product_id${lock ? ' for update' : ''}`,
      [[...productIds].sort()],
    );
    return rows.map(toProduct);
  },

  /** The storefront's list: every active product, by vendor then name. A read view off the saga's path: the EntityManager's. */
  async listActive(db: Database): Promise<Product[]> {
    const products = await db.em().find(ProductEntity, { active: true }, { orderBy: { vendorId: 'asc', name: 'asc' } });
    return products.map(fromEntity);
  },

  /**
   * Adds these products if the table is empty; returns how many were added. The advisory lock makes
   * two replicas booting at once seed exactly once. SQL, not the EntityManager: the lock is a raw
   * statement either way, and the EntityManager's raw statements take `?` placeholders.
   */
  async seedIfEmpty(db: Database, products: readonly NewProduct[]): Promise<number> {
    return db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(hashtext($1))', ['seed:catalog']);
      const [counted] = await tx.query<{ count: string }>('select count(*) from products');
      if (Number(counted?.count ?? 0) > 0) return 0;
      for (const p of products) {
        await tx.query(
          'insert into products (product_id, vendor_id, name, price_paise, stock) values ($1, $2, $3, $4, $5)',
          [p.productId, p.vendorId, p.name, p.price, p.stock],
        );
      }
      return products.length;
    });
  },
};
