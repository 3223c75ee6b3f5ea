const money = new Map<string, Intl.NumberFormat>();

/** Integer paise as the customer reads it: ₹1,499.00. */
export function formatMoney(paise: number, currency = 'INR'): string {
  let f = money.get(currency);
  if (!f) {
    f = new Intl.NumberFormat('en-IN', { style: 'currency', currency });
    money.set(currency, f);
  }
  return f.format(paise / 100);
}

/** vendor-udupi-kitchen -> Udupi Kitchen */
export function vendorName(vendorId: string): string {
  return vendorId
    .replace(/^vendor-/, '')
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}

export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? ''
    : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? ''
    : d.toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** The first 8 characters of an id, enough for a person to tell orders apart. */
export const shortId = (id: string) =>
  id
    .replace(/^order[-_]?/, '')
    .slice(0, 8)
    .toUpperCase();

export const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter((w) => /^[A-Za-z]/.test(w))
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
