import type { Router } from 'express';
import type { Database } from '@saga/runtime';
import { productRepository } from '../repositories/product-repository';

export function listProductsRoute(router: Router, db: Database): void {
  router.get('/api/v1/products', async (_req, res) => {
    const products = await productRepository.listActive(db);
    res.json(
      products.map((p) => ({
        productId: p.productId,
        vendorId: p.vendorId,
        name: p.name,
        price: p.pricePaise,
        currency: 'INR',
        availableQuantity: p.stock - p.reserved,
      })),
    );
  });
}
