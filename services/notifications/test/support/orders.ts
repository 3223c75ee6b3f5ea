// OrderPlaced events as the order service publishes them, and reading the notifications service's
// own metrics: what a test publishes and observes.
import { randomUUID } from 'node:crypto';
import { OrderPlaced, TOPICS } from '@saga/contracts';
import { newEvent } from '@saga/runtime';

export function orderPlaced(vendorId: string, options: { items?: number; nameLength?: number } = {}) {
  const items = Array.from({ length: options.items ?? 1 }, (_, i) => ({
    productId: `product-${i}`,
    vendorId,
    name: `Paneer tikka ${i} `.padEnd(options.nameLength ?? 20, '*'),
    quantity: 2,
    unitPrice: 25000,
    lineTotal: 50000,
  }));
  return OrderPlaced.parse(
    newEvent('OrderPlaced', {
      orderId: randomUUID(),
      customerId: 'customer-1',
      vendorId,
      items,
      amount: 50000 * items.length,
      currency: 'INR' as const,
      paymentId: `pay_${randomUUID().slice(0, 14)}`,
      placedAt: new Date().toISOString(),
    }),
  );
}

export const ORDER_EVENTS = TOPICS.orderEvents;

/** One sample from the service's /metrics, 0 when the series does not exist yet. */
export async function metricValue(baseUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await fetch(`${baseUrl}/metrics`).then((r) => r.text());
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text
    .split('\n')
    .find((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && wanted.every((w) => l.includes(w)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
