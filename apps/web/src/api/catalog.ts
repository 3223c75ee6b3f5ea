import { ProductList } from '@saga/contracts';
import { apiOf } from './http';
import type { Product } from './types';

export async function listProducts(): Promise<Product[]> {
  return (await apiOf('/api/v1/products', ProductList)).data;
}
