// The orders placed from this browser, newest first: the shop's "Your orders" when the server
// has no customer order list.
const key = (customer: string) => `bazaar.orders.${customer}`;
const KEEP = 10;

export function recentOrderIds(customer: string): string[] {
  try {
    const ids = JSON.parse(localStorage.getItem(key(customer)) ?? '[]') as unknown;
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberOrder(customer: string, orderId: string): void {
  const ids = [orderId, ...recentOrderIds(customer).filter((id) => id !== orderId)].slice(0, KEEP);
  localStorage.setItem(key(customer), JSON.stringify(ids));
}
