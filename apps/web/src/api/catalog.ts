import { api } from './http';
import type { Product } from './types';

export async function listProducts(): Promise<Product[]> {
  return (await api<Product[]>('/api/v1/products')).data;
}
