// If-Match on cart writes: one entity tag, quoted as the ETag header gives it ("..."), unquoted as
// the body's `etag` gives it, or `*` (the cart must exist). Weak tags never match a strong
// comparison (RFC 9110 13.1.1), and a list is not accepted: a cart has one current version.
import { validationError } from '@saga/runtime';
import type { Precondition } from './cart-store';

const TAG = /^"?([\x21\x23-\x7e]{1,200})"?$/;

export function parseIfMatch(raw: string | undefined): Precondition {
  if (raw === undefined) return undefined;
  const value = raw.trim();
  if (value === '*') return { any: true };
  const match = TAG.exec(value);
  if (!match || value.startsWith('W/') || value.includes(',')) {
    throw validationError([{ name: 'If-Match', reason: 'must be one ETag this API gave out (quoted or not), or *' }]);
  }
  return { etag: match[1]! };
}

export const etagHeader = (etag: string) => `"${etag}"`;
