import { DEV_SECRETS, signDevToken } from '@saga/runtime';

export const TEST_JWT_SECRET = DEV_SECRETS.JWT_SECRET;

export const customerToken = (sub = 'customer-1', options: Parameters<typeof signDevToken>[2] = {}) =>
  signDevToken(TEST_JWT_SECRET, { sub, role: 'customer' }, options);

export const vendorToken = (vendorId: string, sub = `user-of-${vendorId}`) => signDevToken(TEST_JWT_SECRET, { sub, role: 'vendor', vendorId });
